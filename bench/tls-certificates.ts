// Certificates for the TLS bench and the TLS check: a throwaway CA and server certificates it signed,
// made with openssl in a directory the caller owns (and removes). Both servers of a comparison read
// the same files, so they hand out the very same certificate.
import { execFile } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Let's Encrypt's lifetime and a CRL URL (not fetched), so a TLS checker judges them as it would a real certificate. */
const VALID_DAYS = "90";
const CRL_URL = "http://crl.gatehouse.test/bench-ca.crl";

/** openssl's -newkey argument for each key type a certificate can have. */
const NEW_KEY_ARGS = {
  "ecdsa-p256": ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
  "rsa-2048": ["-newkey", "rsa:2048"],
} as const;

export type TKeyType = keyof typeof NEW_KEY_ARGS;
export const KEY_TYPES = Object.keys(NEW_KEY_ARGS) as TKeyType[];

export interface TBenchCertificate {
  /** The certificate's id in a Gatehouse snapshot. */
  readonly id: string;
  readonly keyType: TKeyType;
  readonly domains: string[];
  readonly certificateFile: string;
  readonly keyFile: string;
  readonly certificatePem: string;
  readonly privateKeyPem: string;
  /** SHA-256 fingerprint as node:crypto prints it, to check which certificate a server sent. */
  readonly fingerprint256: string;
}

/** Creates the CA (ECDSA P-256) in dir and returns the path of its certificate, for clients to trust. */
export async function makeCertificateAuthority(dir: string): Promise<string> {
  await run("openssl", ["req", "-x509", ...NEW_KEY_ARGS["ecdsa-p256"], "-nodes", "-days", VALID_DAYS, "-subj", "/CN=Gatehouse Bench CA", "-keyout", "ca.key", "-out", "ca.pem"], { cwd: dir });
  return join(dir, "ca.pem");
}

/** A server certificate for domains, signed by the CA in dir (makeCertificateAuthority first). */
export async function makeServerCertificate(dir: string, id: string, keyType: TKeyType, domains: string[]): Promise<TBenchCertificate> {
  const file = (suffix: string) => join(dir, `${id}.${suffix}`);
  await run("openssl", ["req", ...NEW_KEY_ARGS[keyType], "-nodes", "-subj", `/CN=${domains[0]}`, "-keyout", file("key"), "-out", file("csr")], { cwd: dir });
  await writeFile(
    file("ext"),
    [
      `subjectAltName=${domains.map((domain) => `DNS:${domain}`).join(",")}`,
      "extendedKeyUsage=serverAuth",
      `keyUsage=critical,digitalSignature${keyType === "rsa-2048" ? ",keyEncipherment" : ""}`,
      `crlDistributionPoints=URI:${CRL_URL}`,
    ].join("\n"),
  );
  await run("openssl", ["x509", "-req", "-in", file("csr"), "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", VALID_DAYS, "-extfile", file("ext"), "-out", file("pem")], { cwd: dir });
  const certificatePem = await readFile(file("pem"), "utf8");
  return {
    id,
    keyType,
    domains,
    certificateFile: file("pem"),
    keyFile: file("key"),
    certificatePem,
    privateKeyPem: await readFile(file("key"), "utf8"),
    fingerprint256: new X509Certificate(certificatePem).fingerprint256,
  };
}
