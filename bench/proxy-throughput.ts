// Proxy throughput: Gatehouse's proxy and Debian's nginx in front of the same backend, driven by the
// same wrk, first one worker each pinned to core 0 (wrk and the backend on core 1), then all cores
// (two workers each; wrk and the backend then share the cores with the proxy). Plus the cost of a
// route lookup at 10 and 10,000 hosts. Needs `apt-get install -y nginx wrk`.
//
// Both proxies run side by side and wrk alternates between them for several rounds; the table shows
// each one's median round (peer-rounds.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism as availableCores, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { formatComparison, formatHeader, measurePair, type TPairLoad, type TRound } from "./peer-rounds.ts";
import { measureRouteLookups } from "./proxy-route-lookup.ts";
import { missingTools, runWrk, startBackend, startGatehouse, startNginxProxy, type TRunning, type TWrkOptions } from "./proxy-peers.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_SECONDS = 3;

interface TScenario {
  name: string;
  /** Both proxies write an access log file. */
  accessLog: boolean;
  proxyWorkers: number;
  proxyCores: string | undefined;
  backendCores: string | undefined;
  wrk: Omit<TWrkOptions, "seconds">;
}

const SCENARIOS: TScenario[] = [
  {
    name: "1 core",
    accessLog: false,
    proxyWorkers: 1,
    proxyCores: "0",
    backendCores: "1",
    wrk: { threads: 1, connections: 64, cores: "1" },
  },
  {
    name: "1 core, access log",
    accessLog: true,
    proxyWorkers: 1,
    proxyCores: "0",
    backendCores: "1",
    wrk: { threads: 1, connections: 64, cores: "1" },
  },
  {
    name: "all cores (2)",
    accessLog: false,
    proxyWorkers: 2,
    proxyCores: undefined,
    backendCores: undefined,
    wrk: { threads: 2, connections: 128, cores: undefined },
  },
];

/** wrk rounds of SECONDS after a WARMUP_SECONDS warm-up. */
function wrkLoad(wrk: TScenario["wrk"]): TPairLoad<TRunning> {
  return {
    warmUp: (proxy) => runWrk(proxy.url, { ...wrk, seconds: WARMUP_SECONDS }),
    round: async (proxy) => {
      const { requestsPerSecond, ...rest } = await runWrk(proxy.url, { ...wrk, seconds: SECONDS });
      return { perSecond: requestsPerSecond, ...rest };
    },
    rounds: ROUNDS,
  };
}

async function main(): Promise<void> {
  const missing = missingTools();
  if (missing.length > 0) {
    console.log(`proxy throughput: skipped, ${missing.join(", ")} missing (install with: apt-get install -y nginx wrk util-linux)`);
    return;
  }
  const workDir = mkdtempSync(join(tmpdir(), "gatehouse-proxy-bench-"));
  const lines: string[] = [];
  const loadBefore = loadavg()[0]!;
  try {
    for (const [index, scenario] of SCENARIOS.entries()) {
      const dir = join(workDir, `scenario-${index}`);
      const backend = await startBackend(join(dir, "backend"), scenario.backendCores);
      try {
        const gatehouse = await startGatehouse(join(dir, "gatehouse"), backend.url, {
          workers: scenario.proxyWorkers,
          cores: scenario.proxyCores,
          accessLog: scenario.accessLog ? join(dir, "gatehouse-access.log") : undefined,
        });
        let ours: TRound;
        let theirs: TRound;
        try {
          const nginx = await startNginxProxy(join(dir, "nginx"), backend.url, {
            workers: scenario.proxyWorkers,
            cores: scenario.proxyCores,
            accessLog: scenario.accessLog ? join(dir, "nginx-access.log") : undefined,
          });
          [ours, theirs] = await measurePair(gatehouse, nginx, wrkLoad(scenario.wrk)).finally(() => nginx.stop());
        } finally {
          await gatehouse.stop();
        }
        lines.push(...formatComparison(scenario.name, ours, theirs));
      } finally {
        await backend.stop();
      }
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }

  console.log(`\nproxy throughput: GET / -> 2-byte "ok" from an nginx backend, wrk --latency; median of ${ROUNDS} alternating ${SECONDS} s rounds`);
  console.log("1 core: proxy pinned to core 0 (1 worker), wrk -t1 -c64 and the backend on core 1");
  console.log("access log: Gatehouse's JSON lines and nginx's combined format (buffer=64k flush=1s), each to a file");
  console.log("all cores: 2 proxy workers, wrk -t2 -c128 and the backend unpinned, sharing the 2 cores");
  console.log(`load average (1 min) before: ${loadBefore.toFixed(2)}, after: ${loadavg()[0]!.toFixed(2)} (the machine has ${availableCores()} cores)`);
  console.log(formatHeader("req"));
  console.log("(CPU µs/req: the proxy's own processes, user + system, during the round: steadier than req/s on a");
  console.log(" shared machine. errors: socket errors and non-2xx/3xx answers over all rounds)");
  for (const line of lines) console.log(line);

  console.log("\nroute lookup: host, then longest location prefix, in the compiled table (one core, no I/O)");
  const cases = [
    { hosts: 10, requestedHosts: 10 },
    { hosts: 10_000, requestedHosts: 10 },
    { hosts: 10_000, requestedHosts: 10_000 },
  ];
  for (const { hosts, requestedHosts, nsPerLookup } of measureRouteLookups(cases)) {
    const label = `${hosts.toLocaleString("en-US")} hosts, ${requestedHosts.toLocaleString("en-US")} requested`;
    console.log(`${label.padEnd(36)} ${nsPerLookup.toFixed(0).padStart(6)} ns/lookup`);
  }
}

await main();
