import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, orgUrl, screenshot, setUpOwner } from "../harness/browser.ts";
import { startStack, type Stack } from "../harness/stack.ts";

const owner = { name: "Ada Owner", email: "ada@example.test", password: "correct horse battery", organization: "Acme" };

describe("the audit log page", () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let slug: string;
  const org = (path: string) => orgUrl(stack.webUrl, slug, path);

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    slug = await setUpOwner(page, stack.webUrl, owner);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function addUpstream(name: string, url: string): Promise<void> {
    await page.goto(org("/upstreams/new"));
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Target 1 URL").fill(url);
    await page.getByRole("button", { name: "Add upstream" }).click();
    await page.waitForURL(/\/upstreams$/);
  }

  it("lists who changed what, from where, and opens an entry to the fields it changed", async () => {
    // A client's own X-Forwarded-For is not believed (no trusted proxy is configured): the log records
    // the address the connection came from.
    await page.setExtraHTTPHeaders({ "x-forwarded-for": "198.51.100.66" });
    await addUpstream("api-servers", "http://10.0.0.1:8080");
    await page.getByRole("link", { name: "Edit api-servers" }).click();
    await page.getByLabel("Name", { exact: true }).fill("api-pool");
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(/\/upstreams$/);
    await addUpstream("static", "http://10.0.0.2:8080");

    await page.goto(org("/audit"));
    const entries = page.getByRole("listitem");
    // The three upstream changes, and setup's "Created organization".
    await expect.poll(() => entries.count()).toBe(4);
    await expect.poll(() => entries.last().textContent()).toContain("Created organization");
    // Newest first.
    await expect.poll(() => entries.first().textContent()).toContain("static");
    const rename = entries.filter({ hasText: "Changed upstream" });
    expect(await rename.textContent()).toContain("Ada Owner");
    // No proxy in front: the TCP peer, loopback here.
    expect(await rename.textContent()).toMatch(/127\.0\.0\.1|::1/);
    expect(await rename.textContent()).not.toContain("198.51.100.66");
    await page.setExtraHTTPHeaders({});

    await rename.locator("summary").click();
    const nameRow = rename.getByRole("row", { name: /^name/ });
    await expect.poll(() => nameRow.textContent()).toMatch(/api-servers.*api-pool/);
    await screenshot(page, "audit-log");
  });

  it("filters by kind through the URL, and the instance owner sees instance-level changes", async () => {
    await page.goto(org("/audit?kind=host"));
    await expect.poll(() => page.getByText("No entries").count()).toBe(1);

    await page.goto(`${stack.webUrl}/settings`);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => page.getByText("Saved.").count()).toBeGreaterThan(0);
    await page.goto(org("/audit"));
    await page.getByRole("link", { name: "Instance" }).click();
    await page.waitForURL(/scope=instance/);
    await expect.poll(() => page.getByRole("listitem").filter({ hasText: "Changed instance settings" }).count()).toBe(1);
    await screenshot(page, "audit-log-instance");
  });
});
