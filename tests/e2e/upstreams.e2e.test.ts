import { readFile } from "node:fs/promises";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startBackend, type TestBackend } from "../harness/backend.ts";
import { launchBrowser, orgUrl, screenshot, setUpOwner } from "../harness/browser.ts";
import { requestThroughProxy, waitForProxyStatus } from "../harness/proxy-request.ts";
import { startStack, type Stack } from "../harness/stack.ts";

const owner = { name: "Ada Owner", email: "ada@example.test", password: "correct horse battery", organization: "Acme" };
const poolDomain = "api.example.test";
const redirectDomain = "old.example.test";

describe("upstream pools, a host using one, live target health, and a redirect host", () => {
  let stack: Stack;
  let backendA: TestBackend;
  let backendB: TestBackend;
  let browser: Browser;
  let page: Page;
  let slug: string;
  const org = (path: string) => orgUrl(stack.webUrl, slug, path);

  beforeAll(async () => {
    [stack, backendA, backendB, browser] = await Promise.all([
      startStack(),
      startBackend("pool-a"),
      startBackend("pool-b"),
      launchBrowser(),
    ]);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });

    slug = await setUpOwner(page, stack.webUrl, owner);
  });

  afterAll(async () => {
    await browser?.close();
    await backendA?.close();
    await backendB?.close();
    await stack?.stop();
  });

  it("creates an upstream with two targets and an active health check", async () => {
    await page.getByRole("link", { name: "Upstreams" }).click();
    await page.waitForURL(/\/upstreams$/);
    await page.getByRole("link", { name: "Add upstream" }).click();
    await page.getByLabel("Name", { exact: true }).fill("api-servers");
    await page.getByLabel("Target 1 URL").fill(backendA.url);
    await page.getByRole("button", { name: "Add target" }).click();
    await page.getByLabel("Target 2 URL").fill(backendB.url);
    await page.getByLabel("Check targets actively").check();
    await page.getByLabel("Interval (s)").fill("1");
    await page.getByRole("button", { name: "Add upstream" }).click();
    await page.waitForURL(/\/upstreams$/);
    await expect.poll(() => page.getByText(backendB.url).count()).toBe(1);
  });

  it("sends a host's requests to both targets of the pool", async () => {
    await page.goto(org("/hosts/new"));
    await page.getByLabel("Domains").fill(poolDomain);
    // The "/" location's choice is the first on the form; hidden variants are not in the role tree.
    await page.getByRole("combobox", { name: "Send requests to" }).first().selectOption("upstream");
    await page.getByRole("combobox", { name: "Upstream pool" }).first().selectOption({ label: "api-servers" });
    await page.getByRole("button", { name: "Add host" }).click();
    await page.waitForURL(/\/hosts$/);
    await expect.poll(() => page.getByText("pool api-servers").count()).toBe(1);

    await waitForProxyStatus(stack.proxyUrl, poolDomain, 200);
    const bodies = [];
    for (let i = 0; i < 10; i++) bodies.push((await requestThroughProxy(stack.proxyUrl, poolDomain, `/r${i}`)).body);
    expect(bodies.some((body) => body.includes("hello from pool-a"))).toBe(true);
    expect(bodies.some((body) => body.includes("hello from pool-b"))).toBe(true);
    await screenshot(page, "20-hosts-with-pool");
  });

  it("shows both targets up, as the proxy reports them", async () => {
    await page.getByRole("link", { name: "Upstreams" }).click();
    await page.waitForURL(/\/upstreams$/);
    // The page refreshes itself; the proxy reports every 5 s and within a second of a change.
    await expect.poll(() => page.getByText("Up", { exact: true }).count(), { timeout: 30_000 }).toBe(2);
    await screenshot(page, "21-upstreams-health-up");
  });

  it("answers a redirect host with 308 and the path kept", async () => {
    await page.goto(org("/hosts/new"));
    await page.getByLabel("Domains").fill(redirectDomain);
    await page.getByRole("radio", { name: /^Redirect/ }).check();
    await page.getByRole("textbox", { name: "Redirect to" }).fill("https://new.example.test");
    await page.getByRole("button", { name: "Add host" }).click();
    await page.waitForURL(/\/hosts$/);

    await waitForProxyStatus(stack.proxyUrl, redirectDomain, 308);
    const response = await request(`${stack.proxyUrl}/docs/page?x=1`, { headers: { host: redirectDomain } });
    await response.body.dump();
    expect(response.statusCode).toBe(308);
    expect(response.headers.location).toBe("https://new.example.test/docs/page?x=1");
    await screenshot(page, "22-hosts-with-redirect");
  });

  it("downloads a backup of the live database from Settings", async () => {
    await page.getByRole("link", { name: "Settings" }).click();
    await page.waitForURL(/\/settings$/);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download backup" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^gatehouse-.*\.db$/);
    const file = await readFile((await download.path())!);
    expect(file.subarray(0, 16).toString("latin1")).toBe("SQLite format 3\0");
    await screenshot(page, "23-settings-backup");
  });

  it("exports the organization, and a dry run of that file finds nothing to import", async () => {
    // Settings is an instance page, outside the organization's navigation.
    await page.goto(org("/organization/export"));
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export", exact: true }).click()]);
    const exported = await readFile((await download.path())!, "utf8");
    const document = JSON.parse(exported) as { format: string; hosts: { domains: string[] }[]; upstreams: { name: string }[] };
    expect(document.format).toBe("gatehouse.organization");
    expect(document.upstreams.map((upstream) => upstream.name)).toContain("api-servers");
    expect(document.hosts.flatMap((host) => host.domains)).toEqual(expect.arrayContaining([poolDomain, redirectDomain]));

    await page.getByLabel("Export file").setInputFiles({ name: "export.json", mimeType: "application/json", buffer: Buffer.from(exported) });
    await expect.poll(() => page.getByText("there is nothing to import").count()).toBe(1);
    expect(await page.getByRole("button", { name: "Apply import" }).isDisabled()).toBe(true);
    await screenshot(page, "24-organization-import-unchanged");
  });
});
