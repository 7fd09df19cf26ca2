// Profiles Gatehouse's proxy (one worker, pinned to core 0) under wrk load with `node --cpu-prof`
// and prints the functions with the most self time. Not part of `npm run bench`: run it by hand
// with `npx tsx bench/proxy-profile.ts [seconds]` when working on the hot path.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatSelfTimes, selfTimes } from "./proxy-cpuprofile.ts";
import { missingTools, runWrk, startBackend, startGatehouse } from "./proxy-peers.ts";

const seconds = Number(process.argv[2] ?? 10);
const missing = missingTools();
if (missing.length > 0) {
  console.log(`${missing.join(", ")} missing (install with: apt-get install -y nginx wrk)`);
  process.exit(1);
}
const workDir = mkdtempSync(join(tmpdir(), "gatehouse-proxy-profile-"));
const profileDir = join(workDir, "profile");
try {
  const backend = await startBackend(join(workDir, "backend"), "1");
  try {
    const gatehouse = await startGatehouse(join(workDir, "gatehouse"), backend.url, {
      workers: 1,
      cores: "0",
      // BENCH_ACCESS_LOG=<file> profiles with the access log on.
      accessLog: process.env.BENCH_ACCESS_LOG,
      nodeFlags: ["--cpu-prof", `--cpu-prof-dir=${profileDir}`],
    });
    try {
      const result = await runWrk(gatehouse.url, { threads: 1, connections: 64, seconds, cores: "1" });
      console.log(`under profile: ${Math.round(result.requestsPerSecond)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, errors ${result.errors}`);
    } finally {
      // The profile is written when the process exits.
      await gatehouse.stop();
    }
  } finally {
    await backend.stop();
  }
  const [file] = readdirSync(profileDir).filter((name) => name.endsWith(".cpuprofile"));
  if (file === undefined) throw new Error("no .cpuprofile was written");
  // PROFILE_OUT=<path> keeps the raw profile (for Chrome DevTools or a closer look).
  if (process.env.PROFILE_OUT !== undefined) copyFileSync(join(profileDir, file), process.env.PROFILE_OUT);
  console.log(formatSelfTimes(selfTimes(JSON.parse(readFileSync(join(profileDir, file), "utf8"))), Number(process.env.TOP ?? 30)));
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
