// `npm run tls-check [-- --key ecdsa-p256|rsa-2048]`: Gatehouse's HTTPS listener as testssl.sh
// (Debian's `testssl.sh`, with `dnsutils`) sees it. Starts the proxy from a snapshot with one host per
// certificate, an ECDSA P-256 and an RSA 2048 one (or only the --key one), signed by a throwaway CA
// that testssl is told to trust, valid 90 days, with HSTS on; runs testssl against every host at once,
// prints every finding from LOW up (and testssl's own WARNs, checks it could not run) and exits 1
// when one is HIGH or CRITICAL (2 when it cannot run). A full testssl run takes about two minutes.
//
// Findings about the backend's answer rather than the TLS setup (security_headers, for instance)
// come from the tiny test backend; they are listed but are not the proxy's to fix.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { BENCH_HOST, startGatehouse } from "../bench/proxy-peers.ts";
import { KEY_TYPES, makeCertificateAuthority, makeServerCertificate, type TBenchCertificate, type TKeyType } from "../bench/tls-certificates.ts";
import { startBackend } from "../tests/harness/backend.ts";

const TESTSSL = "/usr/bin/testssl";
/** testssl's severities from least to most severe; WARN marks a check it could not complete. */
const SHOWN = ["WARN", "LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;
const FAILING = new Set<string>(["HIGH", "CRITICAL"]);

// testssl's flat JSON (--jsonfile): one object per finding.
const ZTestsslFindings = z.array(z.object({ id: z.string(), severity: z.string(), finding: z.string() }));

interface TFinding {
  certificate: string;
  id: string;
  severity: string;
  finding: string;
}

/** One testssl run against the host of certificate, through the proxy's HTTPS port on loopback. */
function runTestssl(dir: string, caFile: string, httpsUrl: string, certificate: TBenchCertificate): Promise<TFinding[]> {
  const jsonFile = join(dir, `testssl-${certificate.id}.json`);
  const textFile = join(dir, `testssl-${certificate.id}.txt`);
  const target = `https://${certificate.domains[0]}:${new URL(httpsUrl).port}`;
  // --ip: connect to loopback but send the host's name as SNI; --nodns min: no DNS beyond /etc/hosts.
  const args = ["--quiet", "--color", "0", "--warnings", "off", "--ip", "127.0.0.1", "--nodns", "min", "--add-ca", caFile, "--jsonfile", jsonFile, target];
  return new Promise((resolve, reject) => {
    const child = spawn(TESTSSL, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => {
      writeFileSync(textFile, output);
      if (!existsSync(jsonFile)) return reject(new Error(`testssl exited ${code} without a JSON report; its output is in ${textFile}`));
      const findings = ZTestsslFindings.parse(JSON.parse(readFileSync(jsonFile, "utf8")));
      resolve(findings.map((finding) => ({ certificate: certificate.keyType, ...finding })));
    });
  });
}

function printTable(findings: TFinding[]): void {
  const rows = findings
    .filter((finding) => (SHOWN as readonly string[]).includes(finding.severity))
    .sort((a, b) => SHOWN.indexOf(b.severity as (typeof SHOWN)[number]) - SHOWN.indexOf(a.severity as (typeof SHOWN)[number]) || a.id.localeCompare(b.id));
  if (rows.length === 0) {
    console.log("testssl: every finding is OK or INFO.");
    return;
  }
  console.log(`${"certificate".padEnd(11)}  ${"severity".padEnd(8)}  ${"finding id".padEnd(28)}  finding`);
  for (const row of rows) console.log(`${row.certificate.padEnd(11)}  ${row.severity.padEnd(8)}  ${row.id.padEnd(28)}  ${row.finding}`);
}

/** The key types to check: both, or the one --key names. */
function keyTypesFromArgs(): TKeyType[] {
  const { key } = parseArgs({ options: { key: { type: "string" } } }).values;
  if (key === undefined) return [...KEY_TYPES];
  const keyType = KEY_TYPES.find((candidate) => candidate === key);
  if (keyType === undefined) throw new Error(`--key must be one of ${KEY_TYPES.join(", ")}, not ${key}`);
  return [keyType];
}

async function main(): Promise<number> {
  const keyTypes = keyTypesFromArgs();
  if (!existsSync(TESTSSL)) {
    console.error(`tls-check needs testssl.sh: sudo apt-get install -y testssl.sh dnsutils openssl (${TESTSSL} not found)`);
    return 2;
  }
  const dir = mkdtempSync(join(tmpdir(), "gatehouse-tls-check-"));
  // Kept when something is wrong, with testssl's full reports (or the output that explains the error).
  let keepDir = false;
  try {
    const caFile = await makeCertificateAuthority(dir);
    // The proxy is ready once it serves the bench host: the first certificate's host is that one.
    // One after the other: openssl updates the CA's serial file for each.
    const certificates: TBenchCertificate[] = [];
    for (const keyType of keyTypes) {
      certificates.push(await makeServerCertificate(dir, keyType, keyType, [certificates.length === 0 ? BENCH_HOST : `${keyType}.${BENCH_HOST}`]));
    }
    const backend = await startBackend("tls-check");
    try {
      const proxy = await startGatehouse(join(dir, "gatehouse"), backend.url, {
        workers: 1,
        cores: undefined,
        tls: { certificates, hsts: { maxAgeSeconds: 31_536_000, includeSubDomains: false, preload: false } },
      });
      try {
        console.log(`testssl ${certificates.map((c) => c.domains[0]).join(" and ")} on ${proxy.httpsUrl} (takes a few minutes)...`);
        const findings = (await Promise.all(certificates.map((certificate) => runTestssl(dir, caFile, proxy.httpsUrl!, certificate)))).flat();
        printTable(findings);
        const failing = findings.filter((finding) => FAILING.has(finding.severity));
        keepDir = failing.length > 0;
        if (keepDir) console.log(`\n${failing.length} HIGH/CRITICAL finding(s). Full testssl reports: ${dir}`);
        return failing.length > 0 ? 1 : 0;
      } finally {
        await proxy.stop();
      }
    } finally {
      await backend.close();
    }
  } catch (error) {
    keepDir = true;
    throw new Error(`${(error as Error).message}\n(certificates, snapshot and testssl output are in ${dir})`);
  } finally {
    if (!keepDir) rmSync(dir, { recursive: true, force: true });
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`tls-check could not run: ${(error as Error).message}`);
  process.exitCode = 2;
}
