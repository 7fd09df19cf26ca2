// Save-to-served latency: from clicking "Save" on the host form to the proxy answering the new
// domain with the backend's response, over 50 saves, next to nginx's write-config-and-reload.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startBackend } from "../tests/harness/backend.ts";
import { launchBrowser, orgUrl, setUpOwner } from "../tests/harness/browser.ts";
import { waitForProxyStatus } from "../tests/harness/proxy-request.ts";
import { startStack } from "../tests/harness/stack.ts";
import { measureNginxReload } from "./nginx-reload-peer.ts";
import { summarize } from "./stats.ts";

const SAVES = Number(process.env.BENCH_SAVES ?? 50);

const [stack, backend, browser] = await Promise.all([startStack(), startBackend("bench-backend"), launchBrowser()]);
const workDir = mkdtempSync(join(tmpdir(), "gatehouse-bench-"));
try {
  const page = await browser.newPage();
  // Organization pages live under /o/<slug>/ (the setup answers the owner's organization).
  const slug = await setUpOwner(page, stack.webUrl, { name: "Bench Owner", email: "bench@example.test", password: "bench password 123", organization: "Bench" });

  const samples: number[] = [];
  for (let i = 0; i < SAVES; i++) {
    const domain = `app-${i}.bench.test`;
    await page.goto(orgUrl(stack.webUrl, slug, "/hosts/new"));
    await page.getByLabel("Domains").fill(domain);
    await page.getByLabel("Backend URL").fill(backend.url);
    const started = performance.now();
    await page.getByRole("button", { name: "Add host" }).click();
    await waitForProxyStatus(stack.proxyUrl, domain, 200);
    samples.push(performance.now() - started);
  }
  const nginx = await measureNginxReload(workDir, backend.url, SAVES);

  const row = (name: string, s: number[]) => {
    const { n, median, p99, max } = summarize(s);
    return `${name.padEnd(34)} ${String(n).padStart(5)} ${median.toFixed(1).padStart(10)} ${p99.toFixed(1).padStart(10)} ${max.toFixed(1).padStart(10)}`;
  };
  console.log(`\nsave-to-served latency (ms)\n${"".padEnd(34)} ${"saves".padStart(5)} ${"median".padStart(10)} ${"p99".padStart(10)} ${"max".padStart(10)}`);
  console.log(row("gatehouse (GUI save -> served)", samples));
  if (nginx) {
    console.log(row("nginx 1.22 (write conf + reload)", nginx.samples));
    console.log(`\nidle keep-alive connections closed under the client: gatehouse 0 (a failure would stop the bench), nginx ${nginx.closedConnections} over ${SAVES} reloads`);
  } else {
    console.log("nginx: not installed (apt-get install nginx), peer skipped");
  }
} finally {
  await browser.close();
  await backend.close();
  await stack.stop();
  rmSync(workDir, { recursive: true, force: true });
}
