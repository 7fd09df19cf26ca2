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

/** A throwaway CA and a server certificate it signed for `dnsName`, made with openssl in a temp dir. */
export async function makeTestCerts(dnsName: string): Promise<TTestCerts> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "gatehouse-certs-"));
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => run("openssl", args, { cwd: dir });
  await openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Gatehouse Test CA", "-keyout", "ca.key", "-out", "ca.pem");
  await openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", `/CN=${dnsName}`, "-keyout", "server.key", "-out", "server.csr");
  await writeFile(file("san.ext"), `subjectAltName=DNS:${dnsName}\n`);
  await openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2", "-extfile", "san.ext", "-out", "server.pem");
  return {
    dir,
    caFile: file("ca.pem"),
    key: await readFile(file("server.key"), "utf8"),
    cert: await readFile(file("server.pem"), "utf8"),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
