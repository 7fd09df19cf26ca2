import "server-only";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { TSmtpSettingsInput } from "@gatehouse/shared";
import { z } from "zod";

/**
 * Process configuration, read and validated once on first use (never at import time, so `next build`
 * runs without a data dir), then passed down.
 */
export type TEnv = {
  dataDir: string;
  secret: string;
  publicUrl: string;
  /** Outgoing mail from GATEHOUSE_SMTP_URL (+ GATEHOUSE_SMTP_FROM); null: the GUI's settings, if any. */
  smtp: TSmtpSettingsInput | null;
};


const MIN_SECRET_LENGTH = 32;

const ZRawEnv = z.object({
  GATEHOUSE_DATA_DIR: z.string().trim().min(1).optional(),
  GATEHOUSE_SECRET: z.string().trim().min(1).optional(),
  GATEHOUSE_PUBLIC_URL: z.url({ protocol: /^https?$/, error: "GATEHOUSE_PUBLIC_URL must be an http:// or https:// URL." }).optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  GATEHOUSE_SMTP_URL: z.string().trim().min(1).optional(),
  GATEHOUSE_SMTP_FROM: z.string().trim().min(1).optional(),
});

const SMTP_URL_HELP =
  "GATEHOUSE_SMTP_URL must look like smtp://user:password@smtp.example.com:587 (STARTTLS required), " +
  "smtps://user:password@smtp.example.com:465 (TLS from the start) or smtp://relay.local:25?security=none " +
  "(no encryption, for a relay on a private network); percent-encode special characters in the user and password.";

/**
 * Parses GATEHOUSE_SMTP_URL. Errors never repeat the URL: it holds a password. The sender is
 * GATEHOUSE_SMTP_FROM, else the user name when it is an address (most providers only relay for it).
 */
export function parseSmtpUrl(value: string, from: string | undefined): TSmtpSettingsInput {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`Invalid Gatehouse environment: ${SMTP_URL_HELP}`);
  }
  if ((url.protocol !== "smtp:" && url.protocol !== "smtps:") || url.hostname === "" || (url.pathname !== "" && url.pathname !== "/")) {
    throw new Error(`Invalid Gatehouse environment: ${SMTP_URL_HELP}`);
  }
  const asked = url.searchParams.get("security");
  if (asked !== null && (url.protocol === "smtps:" || (asked !== "starttls" && asked !== "none"))) {
    throw new Error(`Invalid Gatehouse environment: ${SMTP_URL_HELP}`);
  }
  const security = url.protocol === "smtps:" ? "tls" : asked === "none" ? "none" : "starttls";
  let username: string;
  let password: string;
  try {
    username = decodeURIComponent(url.username);
    password = decodeURIComponent(url.password);
  } catch {
    throw new Error(`Invalid Gatehouse environment: ${SMTP_URL_HELP}`);
  }
  const sender = from ?? (username.includes("@") ? username : "");
  if (!z.email().safeParse(sender).success) {
    throw new Error(
      "Invalid Gatehouse environment: set GATEHOUSE_SMTP_FROM to the address Gatehouse sends mail from (for example " +
        "gatehouse@example.com); it is needed with GATEHOUSE_SMTP_URL unless the SMTP user name is that address.",
    );
  }
  return {
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: url.port === "" ? (security === "tls" ? 465 : 587) : Number(url.port),
    security,
    username,
    password,
    from: sender,
  };
}

/** The repository root is the nearest folder whose package.json declares npm workspaces. */
function findRepoRoot(startDir: string): string {
  let dir = startDir;
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest) && "workspaces" in JSON.parse(readFileSync(manifest, "utf8"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return startDir;
    dir = parent;
  }
}

function readSecret(dataDir: string, fromEnv: string | undefined): string {
  const secretFile = path.join(dataDir, "secret");
  const secret = fromEnv ?? (existsSync(secretFile) ? readFileSync(secretFile, "utf8").trim() : "");
  if (secret.length === 0) {
    throw new Error(
      `Gatehouse needs a secret to sign sessions and encrypt keys, and found none. Set GATEHOUSE_SECRET ` +
        `(at least ${MIN_SECRET_LENGTH} random characters) or write one to ${secretFile}, for example: ` +
        `openssl rand -base64 48 > ${secretFile} && chmod 600 ${secretFile}. (\`npm start\` generates it for you.)`,
    );
  }
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(
      `The Gatehouse secret is too short (${secret.length} characters): use at least ${MIN_SECRET_LENGTH} random characters, ` +
        `for example the output of \`openssl rand -base64 48\`.`,
    );
  }
  return secret;
}

export function parseEnv(source: Record<string, string | undefined>, cwd: string): TEnv {
  const parsed = ZRawEnv.safeParse(source);
  if (!parsed.success) {
    throw new Error(`Invalid Gatehouse environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const raw = parsed.data;
  const dataDir = raw.GATEHOUSE_DATA_DIR
    ? path.resolve(cwd, raw.GATEHOUSE_DATA_DIR)
    : path.join(findRepoRoot(cwd), "data");
  return {
    dataDir,
    secret: readSecret(dataDir, raw.GATEHOUSE_SECRET),
    publicUrl: new URL(raw.GATEHOUSE_PUBLIC_URL ?? `http://localhost:${raw.PORT}`).origin,
    smtp: raw.GATEHOUSE_SMTP_URL === undefined ? null : parseSmtpUrl(raw.GATEHOUSE_SMTP_URL, raw.GATEHOUSE_SMTP_FROM),
  };
}

const ENV_KEY = Symbol.for("gatehouse.web.env");
type TEnvHolder = { [ENV_KEY]?: TEnv };

/** The validated environment of this process. Throws (and so refuses to serve) when it is unusable. */
export function getEnv(): TEnv {
  const holder = globalThis as TEnvHolder;
  return (holder[ENV_KEY] ??= parseEnv(process.env, process.cwd()));
}
