// `npm run bench`: every benchmark, one after the other (they must not share the two cores).
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const BENCHES = ["save-to-served.ts", "proxy-throughput.ts", "tls-handshakes-and-h2.ts"];

let failed = 0;
for (const bench of BENCHES) {
  console.log(`\n=== bench/${bench}`);
  const run = spawnSync(process.execPath, ["--import", "tsx", join(import.meta.dirname, bench)], { stdio: "inherit" });
  if (run.status !== 0) {
    console.error(`bench/${bench} failed (exit ${run.status ?? run.signal})`);
    failed += 1;
  }
}
process.exit(failed === 0 ? 0 : 1);
