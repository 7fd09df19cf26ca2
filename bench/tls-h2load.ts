// h2load (Debian's nghttp2-client) over HTTPS with HTTP/2 against the bench host, with latency
// percentiles from its per-request log (its summary only has min/mean/max).
import { readFileSync } from "node:fs";
import type { TLoad } from "./peer-rounds.ts";
import { BENCH_HOST, pinned, runToCompletion } from "./proxy-peers.ts";
import { percentile } from "./stats.ts";

export const H2LOAD = "/usr/bin/h2load";

export interface TH2loadOptions {
  clients: number;
  /** Concurrent streams per connection. */
  streams: number;
  cores: string | undefined;
  /** A file for h2load's per-request log (overwritten). */
  logFile: string;
}

/** How long to run: a duration (requests still in flight at its end count as errored), or a request count. */
export type TH2loadLength = { seconds: number } | { requests: number };

/** Runs h2load against https://bench.test:<port>/, connecting to the server of httpsUrl (so SNI and :authority name the bench host). */
export async function runH2load(httpsUrl: string, length: TH2loadLength, options: TH2loadOptions): Promise<TLoad> {
  const { port } = new URL(httpsUrl);
  const [command, args] = pinned(options.cores, H2LOAD, [
    "-t1",
    `-c${options.clients}`,
    `-m${options.streams}`,
    ...("seconds" in length ? ["-D", String(length.seconds)] : ["-n", String(length.requests)]),
    `--connect-to=127.0.0.1:${port}`,
    `--log-file=${options.logFile}`,
    `https://${BENCH_HOST}:${port}/`,
  ]);
  const output = await runToCompletion("h2load", command, args);
  return parseH2load(output, readFileSync(options.logFile, "utf8"));
}

/** The summary's req/s and failures, with p50/p99 from the log (tab-separated: start µs, status, duration µs). */
function parseH2load(output: string, log: string): TLoad {
  const finished = /finished in [\d.]+m?s, ([\d.]+) req\/s/.exec(output);
  const requests = /requests: \d+ total, \d+ started, (\d+) done, \d+ succeeded, (\d+) failed, \d+ errored, (\d+) timeout/.exec(output);
  // h2load did not negotiate h2 (or could not connect) when this line is missing.
  const protocol = /Application protocol: (\S+)/.exec(output);
  if (!finished || !requests || protocol?.[1] !== "h2") throw new Error(`cannot read h2load's output (or no h2):\n${output}`);
  const durationsMs = log
    .trim()
    .split("\n")
    .map((line) => Number(line.split("\t")[2]) / 1000);
  return {
    perSecond: Number(finished[1]),
    p50Ms: percentile(durationsMs, 50),
    p99Ms: percentile(durationsMs, 99),
    errors: Number(requests[2]) + Number(requests[3]),
    completed: Number(requests[1]),
  };
}
