// Gatehouse next to a peer (nginx) under the same load: alternating rounds, the median round of each,
// and the side-by-side rows with the ratio. Shared by the throughput and the TLS benches.
import { processTreeCpuSeconds, type TRunning } from "./proxy-peers.ts";

/** What one load round measured: operations (requests or handshakes) per second, latencies, errors. */
export interface TLoad {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** Operations completed, when the load tool counts them; else perSecond times the round's wall time. */
  completed?: number;
}

/** One load round plus the CPU the proxy (all its processes) spent per operation meanwhile. */
export type TRound = TLoad & { cpuMicrosPerOp: number };

export interface TPairLoad<TProxy extends TRunning> {
  /** Runs once against each proxy before the rounds (JIT, connection pools); its result is dropped. */
  warmUp(proxy: TProxy): Promise<unknown>;
  round(proxy: TProxy): Promise<TLoad>;
  rounds: number;
}

async function measureRound<TProxy extends TRunning>(proxy: TProxy, load: TPairLoad<TProxy>): Promise<TRound> {
  const cpuBefore = processTreeCpuSeconds(proxy.child.pid!);
  const started = performance.now();
  const result = await load.round(proxy);
  const cpu = processTreeCpuSeconds(proxy.child.pid!) - cpuBefore;
  // A load tool that starts slowly (a Node client) would otherwise be charged operations it never made.
  const operations = result.completed ?? result.perSecond * ((performance.now() - started) / 1000);
  return { ...result, cpuMicrosPerOp: (cpu * 1e6) / operations };
}

/**
 * Warms both proxies, then alternates rounds; returns each one's median round. On a shared machine,
 * load from elsewhere then hits both alike instead of whichever happened to run during a busy spell.
 */
export async function measurePair<TProxy extends TRunning>(ours: TProxy, theirs: TProxy, load: TPairLoad<TProxy>): Promise<[TRound, TRound]> {
  for (const proxy of [ours, theirs]) await load.warmUp(proxy);
  const rounds: [TRound[], TRound[]] = [[], []];
  for (let round = 0; round < load.rounds; round += 1) {
    rounds[0].push(await measureRound(ours, load));
    rounds[1].push(await measureRound(theirs, load));
  }
  return [median(rounds[0]), median(rounds[1])];
}

/** The round with the median throughput (its latencies come with it, so a row is one real run). */
function median(results: TRound[]): TRound {
  const sorted = [...results].sort((a, b) => a.perSecond - b.perSecond);
  const middle = sorted[Math.floor(sorted.length / 2)]!;
  return { ...middle, errors: results.reduce((sum, result) => sum + result.errors, 0) };
}

const LABEL_WIDTH = 34;

/** The column titles; unit names the operation ("req", "hs"). */
export function formatHeader(unit: string): string {
  return `${"".padEnd(LABEL_WIDTH)} ${`${unit}/s`.padStart(10)} ${"p50 ms".padStart(9)} ${"p99 ms".padStart(9)} ${`CPU µs/${unit}`.padStart(11)} ${"errors".padStart(7)}`;
}

function formatRow(label: string, result: TRound): string {
  return `${label.padEnd(LABEL_WIDTH)} ${Math.round(result.perSecond).toLocaleString("en-US").padStart(10)} ${result.p50Ms.toFixed(2).padStart(9)} ${result.p99Ms.toFixed(2).padStart(9)} ${result.cpuMicrosPerOp.toFixed(1).padStart(11)} ${String(result.errors).padStart(7)}`;
}

const ratio = (ours: number, theirs: number, width: number) => `${(ours / theirs).toFixed(2)}x`.padStart(width);

/** Gatehouse's row, the peer's row, and their ratio (Gatehouse / peer) in each column. */
export function formatComparison(scenario: string, ours: TRound, theirs: TRound, peer = "nginx 1.22"): string[] {
  return [
    formatRow(`${scenario}: gatehouse`, ours),
    formatRow(`${scenario}: ${peer}`, theirs),
    `${`${scenario}: gatehouse/${peer.split(" ")[0]}`.padEnd(LABEL_WIDTH)} ${ratio(ours.perSecond, theirs.perSecond, 10)} ${ratio(ours.p50Ms, theirs.p50Ms, 9)} ${ratio(ours.p99Ms, theirs.p99Ms, 9)} ${ratio(ours.cpuMicrosPerOp, theirs.cpuMicrosPerOp, 11)}`,
  ];
}
