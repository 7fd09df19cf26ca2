import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { AppError } from "@gatehouse/shared";

/** Seals secrets (private keys, EAB HMAC keys) for storage; only the holder of GATEHOUSE_SECRET opens them. */
export type TSecretBox = {
  seal(plaintext: string): string;
  open(sealed: string): string;
};

const FORMAT = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

function cannotOpen(reason: string): AppError {
  return new AppError(
    "INTERNAL",
    `A stored secret cannot be decrypted (${reason}). Was GATEHOUSE_SECRET changed? Restore the secret it was sealed with, ` +
      "or upload the certificate again and re-enter the ACME settings.",
  );
}

/**
 * AES-256-GCM with a key derived from the instance secret by HKDF-SHA256 (so the secret can be any
 * long random text). Each value has its own random 12-byte IV; the tag makes a tampered or foreign
 * value fail to open instead of decrypting to garbage. Format: "v1.<iv>.<tag>.<ciphertext>", base64url.
 */
export function createSecretBox(secret: string): TSecretBox {
  if (secret.length === 0) throw new AppError("INTERNAL", "createSecretBox was called with an empty secret.");
  const key = Buffer.from(hkdfSync("sha256", secret, "gatehouse", "gatehouse secret box v1", 32));

  return {
    seal(plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return [FORMAT, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
    },

    open(sealed) {
      const parts = sealed.split(".");
      if (parts.length !== 4 || parts[0] !== FORMAT) throw cannotOpen("not a sealed v1 value");
      const [iv, tag, ciphertext] = parts.slice(1).map((part) => Buffer.from(part, "base64url")) as [Buffer, Buffer, Buffer];
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw cannotOpen("malformed value");
      const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
      } catch {
        throw cannotOpen("authentication failed");
      }
    },
  };
}
