import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Agent, request } from "undici";
import { freePort } from "./free-port.ts";

const run = promisify(execFile);

export type Pebble = {
  /** The ACME directory, e.g. https://127.0.0.1:<port>/dir. */
  directoryUrl: string;
  /** PEM file of the CA behind Pebble's own HTTPS API: give it to the ACME client as NODE_EXTRA_CA_CERTS. */
  caCertFile: string;
  /** The same CA as PEM text, for an in-process client. */
  caCertPem: string;
  /** The root that signs issued certificates; Pebble makes a new one on every start. */
  issuingRootPem(): Promise<string>;
  /** Makes Pebble's DNS answer `host` with `ip` instead of 127.0.0.1 (e.g. to make a validation fail). */
  addARecord(host: string, ip: string): Promise<void>;
  output(): string;
  stop(): Promise<void>;
};

export type PebbleOptions = {
  /** Where Pebble sends HTTP-01 validations: the proxy's HTTP port, so it must be known before Pebble starts. */
  httpPort: number;
  timeoutMs?: number;
};

type Started = { child: ChildProcess; exited: Promise<void> };

/** A CA and a 127.0.0.1/localhost server certificate it signed, for Pebble's own HTTPS. */
async function makeServerCertificate(dir: string): Promise<void> {
  const openssl = (...args: string[]) => run("openssl", args, { cwd: dir });
  const ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  await openssl("req", "-x509", ...ecKey, "-days", "2", "-subj", "/CN=Gatehouse test Pebble API CA", "-keyout", "ca.key", "-out", "ca.pem");
  await openssl("req", ...ecKey, "-subj", "/CN=localhost", "-keyout", "key.pem", "-out", "server.csr");
  await writeFile(join(dir, "san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
  await openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2", "-extfile", "san.ext", "-out", "cert.pem");
}

function startProcess(command: string, args: string[], env: Record<string, string>, lines: string[]): Started {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  for (const stream of [child.stdout!, child.stderr!]) stream.on("data", (chunk: Buffer) => lines.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return { child, exited };
}

async function stopProcess({ child, exited }: Started): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  await exited;
}

/** Polls `probe` until it succeeds, failing with the processes' output when `deadline` passes. */
async function waitUntil(probe: () => Promise<unknown>, deadline: number, describe: () => string): Promise<void> {
  for (;;) {
    try {
      await probe();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${describe()} (last error: ${(error as Error).message})`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Runs Debian's Pebble (a test ACME server) and pebble-challtestsrv (as its DNS, answering every name
 * with 127.0.0.1) on free loopback ports with a temp dir. Validations go to `httpPort` on 127.0.0.1.
 */
export async function startPebble(options: PebbleOptions): Promise<Pebble> {
  const dir = await mkdtemp(join(tmpdir(), "gatehouse-pebble-"));
  const [acmePort, managementPort, tlsPort, dnsPort, dnsManagementPort] = await Promise.all(
    Array.from({ length: 5 }, () => freePort()),
  );
  await makeServerCertificate(dir);
  await writeFile(
    join(dir, "pebble-config.json"),
    JSON.stringify({
      pebble: {
        listenAddress: `127.0.0.1:${acmePort}`,
        managementListenAddress: `127.0.0.1:${managementPort}`,
        certificate: join(dir, "cert.pem"),
        privateKey: join(dir, "key.pem"),
        httpPort: options.httpPort,
        tlsPort,
        ocspResponderURL: "",
        externalAccountBindingRequired: false,
      },
    }),
  );
  const caCertFile = join(dir, "ca.pem");
  const caCertPem = await readFile(caCertFile, "utf8");
  const apiClient = new Agent({ connect: { ca: caCertPem } });

  const lines: string[] = [];
  const started: Started[] = [];
  const stop = async () => {
    await Promise.all(started.map(stopProcess));
    await apiClient.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    started.push(
      startProcess(
        "pebble-challtestsrv",
        // Only the DNS server and its management API: the proxy answers the HTTP-01 challenges itself.
        ["-defaultIPv4", "127.0.0.1", "-defaultIPv6", "", "-dns01", `127.0.0.1:${dnsPort}`, "-http01", "", "-https01", "", "-tlsalpn01", "", "-management", `127.0.0.1:${dnsManagementPort}`],
        {},
        lines,
      ),
    );
    started.push(
      startProcess(
        "pebble",
        ["-config", join(dir, "pebble-config.json"), "-dnsserver", `127.0.0.1:${dnsPort}`],
        { PEBBLE_VA_NOSLEEP: "1" },
        lines,
      ),
    );
    const deadline = Date.now() + (options.timeoutMs ?? 20_000);
    const describe = () => `Pebble did not start:\n${lines.join("")}`;
    await waitUntil(() => fetchText(apiClient, `https://127.0.0.1:${acmePort}/dir`), deadline, describe);
    await waitUntil(() => request(`http://127.0.0.1:${dnsManagementPort}/`).then((response) => response.body.dump()), deadline, describe);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    directoryUrl: `https://127.0.0.1:${acmePort}/dir`,
    caCertFile,
    caCertPem,
    issuingRootPem: () => fetchText(apiClient, `https://127.0.0.1:${managementPort}/roots/0`),
    async addARecord(host, ip) {
      const response = await request(`http://127.0.0.1:${dnsManagementPort}/add-a`, {
        method: "POST",
        body: JSON.stringify({ host, addresses: [ip] }),
      });
      await response.body.dump();
      if (response.statusCode !== 200) throw new Error(`pebble-challtestsrv refused add-a for ${host}: ${response.statusCode}`);
    },
    output: () => lines.join(""),
    stop,
  };
}

async function fetchText(client: Agent, url: string): Promise<string> {
  const response = await request(url, { dispatcher: client });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`${url} answered ${response.statusCode}: ${text.slice(0, 200)}`);
  return text;
}
