// TLS: Gatehouse's HTTPS listener and Debian's nginx in front of the same backend, on the very same
// certificate (ECDSA P-256, signed by a throwaway CA), one worker each pinned to core 0; the load and
// the backend on core 1. Needs `apt-get install -y nginx nghttp2-client openssl util-linux`.
//
// - Full handshakes: a Node client (tls-handshake-client.ts) opens new connections with SNI and no
//   session resumption, 16 at a time. A client handshake costs about as much CPU as a server one
//   (ECDHE plus the signature check), so one client core may not saturate nginx: hs/s can be the
//   client's limit. CPU µs/hs, the server's own CPU per completed handshake, is what measures the
//   server (a core would do about 1,000,000 / that handshakes per second), and its ratio is the fair one.
// - HTTP/2: h2load with 16 connections x 10 streams, GET / through the proxy to the backend.
//
// Rounds alternate between the two servers (peer-rounds.ts); each row is its server's median round.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { formatComparison, formatHeader, measurePair, type TLoad, type TPairLoad, type TRound } from "./peer-rounds.ts";
import { BENCH_HOST, missingTools, pinned, startBackend, startGatehouse, startNginxProxy, type TRunning } from "./proxy-peers.ts";
import { makeCertificateAuthority, makeServerCertificate } from "./tls-certificates.ts";
import type { THandshakeClientResult } from "./tls-handshake-client.ts";
import { H2LOAD, runH2load, type TH2loadOptions } from "./tls-h2load.ts";

const SECONDS = Number(process.env.BENCH_TLS_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const HANDSHAKE_WARMUP_SECONDS = 2;
const PROXY_CORES = "0";
const LOAD_CORES = "1";
const HANDSHAKE_CONCURRENCY = 16;
const H2_CLIENTS = 16;
const H2_STREAMS = 10;
/** About 2 s at the 2,000-10,000 req/s seen on a shared 2-core machine. */
const H2_WARMUP_REQUESTS = 10_000;

type TTlsProxy = TRunning & { readonly httpsUrl: string };

function withHttps(proxy: TRunning): TTlsProxy {
  if (proxy.httpsUrl === undefined) throw new Error(`${proxy.url} was started without HTTPS`);
  return proxy as TTlsProxy;
}

function runHandshakeClient(httpsUrl: string, seconds: number): Promise<TLoad> {
  const client = join(import.meta.dirname, "tls-handshake-client.ts");
  const args = ["--import", "tsx", client, new URL(httpsUrl).port, BENCH_HOST, String(seconds), String(HANDSHAKE_CONCURRENCY)];
  const [command, pinnedArgs] = pinned(LOAD_CORES, process.execPath, args);
  return new Promise((resolve, reject) => {
    const child = spawn(command, pinnedArgs, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => {
      if (code !== 0) return reject(new Error(`the handshake client exited ${code}:\n${output}`));
      const result = JSON.parse(output) as THandshakeClientResult;
      resolve({ perSecond: result.handshakes / result.seconds, p50Ms: result.p50Ms, p99Ms: result.p99Ms, errors: result.errors, completed: result.handshakes });
    });
  });
}

const handshakeLoad: TPairLoad<TTlsProxy> = {
  warmUp: (proxy) => runHandshakeClient(proxy.httpsUrl, HANDSHAKE_WARMUP_SECONDS),
  round: (proxy) => runHandshakeClient(proxy.httpsUrl, SECONDS),
  rounds: ROUNDS,
};

/**
 * h2load rounds of a fixed request count, about SECONDS long for each server at the rate its warm-up
 * reached: a timed h2load run counts the requests in flight at its end as errors.
 */
function h2Load(logFile: string): TPairLoad<TTlsProxy> {
  const options: TH2loadOptions = { clients: H2_CLIENTS, streams: H2_STREAMS, cores: LOAD_CORES, logFile };
  const requestsPerRound = new Map<TTlsProxy, number>();
  return {
    warmUp: async (proxy) => {
      const { perSecond } = await runH2load(proxy.httpsUrl, { requests: H2_WARMUP_REQUESTS }, options);
      requestsPerRound.set(proxy, Math.max(H2_CLIENTS * H2_STREAMS, Math.round(perSecond * SECONDS)));
    },
    round: (proxy) => runH2load(proxy.httpsUrl, { requests: requestsPerRound.get(proxy)! }, options),
    rounds: ROUNDS,
  };
}

async function main(): Promise<void> {
  const missing = [...missingTools(), H2LOAD, "/usr/bin/openssl"].filter((tool) => !existsSync(tool));
  if (missing.length > 0) {
    console.log(`TLS handshakes and HTTP/2: skipped, ${missing.join(", ")} missing (install with: apt-get install -y nginx wrk nghttp2-client openssl util-linux)`);
    return;
  }
  const workDir = mkdtempSync(join(tmpdir(), "gatehouse-tls-bench-"));
  const loadBefore = loadavg()[0]!;
  let handshakes: [TRound, TRound];
  let h2: [TRound, TRound];
  try {
    await makeCertificateAuthority(workDir);
    const certificate = await makeServerCertificate(workDir, "bench", "ecdsa-p256", [BENCH_HOST]);
    const backend = await startBackend(join(workDir, "backend"), LOAD_CORES);
    try {
      const gatehouse = withHttps(
        await startGatehouse(join(workDir, "gatehouse"), backend.url, { workers: 1, cores: PROXY_CORES, tls: { certificates: [certificate] } }),
      );
      try {
        const nginx = withHttps(await startNginxProxy(join(workDir, "nginx"), backend.url, { workers: 1, cores: PROXY_CORES, tls: certificate }));
        try {
          handshakes = await measurePair(gatehouse, nginx, handshakeLoad);
          h2 = await measurePair(gatehouse, nginx, h2Load(join(workDir, "h2load.log")));
        } finally {
          await nginx.stop();
        }
      } finally {
        await gatehouse.stop();
      }
    } finally {
      await backend.stop();
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }

  console.log(`\nTLS: one worker each pinned to core 0, load and backend on core 1, same ECDSA P-256 certificate; median of ${ROUNDS} alternating ${SECONDS} s rounds`);
  console.log(`handshakes: full TLS handshakes (new connection, SNI, no resumption, ALPN h2), Node client, ${HANDSHAKE_CONCURRENCY} at a time`);
  console.log(`h2: GET / -> 2-byte "ok" from an nginx backend over HTTP/2, h2load -c${H2_CLIENTS} -m${H2_STREAMS}`);
  console.log(`load average (1 min) before: ${loadBefore.toFixed(2)}, after: ${loadavg()[0]!.toFixed(2)}`);
  console.log("(CPU µs: the server's own processes, user + system, per handshake or request; the client may limit hs/s, not");
  console.log(" CPU µs/hs. p50/p99: handshake time seen by the client, request time seen by h2load. errors: over all rounds)");
  console.log(formatHeader("hs"));
  for (const line of formatComparison("handshakes", handshakes[0], handshakes[1])) console.log(line);
  console.log(formatHeader("req"));
  for (const line of formatComparison("h2", h2[0], h2[1])) console.log(line);
}

await main();
