import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface TTestCerts {
  readonly dir: string;
  /** PEM file of the test CA, for NODE_EXTRA_CA_CERTS. */
  readonly caFile: string;
  readonly key: string;
  readonly cert: string;
  remove(): Promise<void>;
}

export interface TTestCa {
  readonly dir: string;
  /** PEM file of the CA, for NODE_EXTRA_CA_CERTS. */
  readonly caFile: string;
  /** The CA certificate (PEM), for a client's `ca` option. */
  readonly caPem: string;
  /** A fresh key (ECDSA P-256 unless "rsa") and a certificate for these DNS names (wildcards allowed), signed by the CA. */
  issue(dnsNames: readonly string[], keyType?: "ecdsa" | "rsa"): Promise<{ cert: string; key: string }>;
  remove(): Promise<void>;
}

/** A throwaway CA made with openssl in a temp dir. */
export async function makeTestCa(): Promise<TTestCa> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "gatehouse-certs-"));
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => run("openssl", args, { cwd: dir });
  await openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Gatehouse Test CA", "-keyout", "ca.key", "-out", "ca.pem");
  // Serials from a counter, not -CAcreateserial: concurrent issue() calls raced on its ca.srl file
  // ("Unable to load number from ca.srl" in a CI run).
  let issued = 0;
  return {
    dir,
    caFile: file("ca.pem"),
    caPem: await readFile(file("ca.pem"), "utf8"),
    async issue(dnsNames, keyType = "ecdsa") {
      const serial = (issued += 1);
      const name = `leaf-${serial}`;
      const newKey = keyType === "rsa" ? ["-newkey", "rsa:2048"] : ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"];
      await openssl("req", ...newKey, "-nodes", "-subj", `/CN=${dnsNames[0]}`, "-keyout", `${name}.key`, "-out", `${name}.csr`);
      await writeFile(file(`${name}.ext`), `subjectAltName=${dnsNames.map((dns) => `DNS:${dns}`).join(",")}\n`);
      await openssl("x509", "-req", "-in", `${name}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", String(serial), "-days", "2", "-extfile", `${name}.ext`, "-out", `${name}.pem`);
      return { cert: await readFile(file(`${name}.pem`), "utf8"), key: await readFile(file(`${name}.key`), "utf8") };
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A throwaway CA and a server certificate it signed for `dnsName`. */
export async function makeTestCerts(dnsName: string): Promise<TTestCerts> {
  const ca = await makeTestCa();
  const { cert, key } = await ca.issue([dnsName]);
  return { dir: ca.dir, caFile: ca.caFile, key, cert, remove: ca.remove };
}
