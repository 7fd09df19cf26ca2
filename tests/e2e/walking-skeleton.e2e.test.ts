import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startBackend, type TestBackend } from "../harness/backend.ts";
import { launchBrowser, screenshot } from "../harness/browser.ts";
import { requestThroughProxy, waitForProxyStatus } from "../harness/proxy-request.ts";
import { startStack, type Stack } from "../harness/stack.ts";

const owner = { name: "Ada Owner", email: "ada@example.test", password: "correct horse battery", organization: "Acme" };
const domain = "app.example.test";

describe("walking skeleton: setup, sign in, add a host, served live, delete", () => {
  let stack: Stack;
  let backend: TestBackend;
  let otherBackend: TestBackend;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [stack, backend, otherBackend, browser] = await Promise.all([
      startStack(),
      startBackend("backend-9001"),
      startBackend("backend-9002"),
      launchBrowser(),
    ]);
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });

  afterAll(async () => {
    await browser?.close();
    await backend?.close();
    await otherBackend?.close();
    await stack?.stop();
  });

  it("sends the first visitor to the setup page and creates the owner", async () => {
    await page.goto(stack.webUrl);
    await page.waitForURL(/\/setup$/);
    await page.getByLabel("Name", { exact: true }).fill(owner.name);
    await page.getByLabel("Email", { exact: true }).fill(owner.email);
    await page.getByLabel("Password", { exact: true }).fill("short");
    await page.getByLabel("Organization name").fill(owner.organization);
    await page.getByRole("button", { name: "Create owner account" }).click();
    await expect.poll(() => page.getByText("at least 12 characters").count()).toBeGreaterThan(0);
    await screenshot(page, "01-setup-error");

    await page.getByLabel("Password", { exact: true }).fill(owner.password);
    await page.getByRole("button", { name: "Create owner account" }).click();
    await page.waitForURL(/\/hosts/);
    await screenshot(page, "02-hosts-empty");
  });

  it("refuses a second setup and signs out and back in", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in/);
    await page.goto(`${stack.webUrl}/setup`);
    await expect.poll(() => page.getByText("Already set up").count()).toBe(1);
    const forgedSignUp = await page.request.post(`${stack.webUrl}/api/auth/sign-up/email`, {
      data: { name: "Mallory", email: "mallory@example.test", password: "another long password" },
    });
    expect(forgedSignUp.ok()).toBe(false);

    await page.goto(`${stack.webUrl}/sign-in`);
    await page.getByLabel("Email", { exact: true }).fill(owner.email);
    await page.getByLabel("Password", { exact: true }).fill("wrong password!!");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByText("do not match an account").count()).toBe(1);
    await page.getByLabel("Password", { exact: true }).fill(owner.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/hosts/);
  });

  it("shows field errors and saves nothing for bad input", async () => {
    await page.getByRole("link", { name: "Add host" }).first().click();
    await page.getByLabel("Domains").fill("not a domain!");
    await page.getByLabel("Backend URL").fill("ftp://127.0.0.1:21");
    await page.getByRole("button", { name: "Add host" }).click();
    await expect.poll(() => page.getByText("http:// or https://").count()).toBeGreaterThan(0);
    await screenshot(page, "03-host-form-errors");
  });

  it("adds a host that the proxy serves within seconds, marked live", async () => {
    expect((await requestThroughProxy(stack.proxyUrl, domain)).status).toBe(404);
    await page.getByLabel("Domains").fill(domain);
    await page.getByLabel("Backend URL").fill(backend.url);
    await page.getByRole("button", { name: "Add host" }).click();
    await page.waitForURL(/\/hosts$/);

    const answer = await waitForProxyStatus(stack.proxyUrl, domain, 200);
    expect(answer.body).toContain("hello from backend-9001");
    expect(answer.body).toContain(`host=${domain}`);

    await expect.poll(() => page.getByText("Live", { exact: true }).count(), { timeout: 10_000 }).toBe(1);
    await screenshot(page, "04-hosts-live");
  });

  it("applies an edit and a disable/enable live", async () => {
    await page.getByRole("link", { name: "Edit" }).click();
    await page.getByLabel("Backend URL").fill(otherBackend.url);
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(/\/hosts$/);
    await expect.poll(async () => (await requestThroughProxy(stack.proxyUrl, domain)).body, { timeout: 10_000 }).toContain("backend-9002");

    await page.getByRole("switch", { name: `Serve ${domain}` }).click();
    await waitForProxyStatus(stack.proxyUrl, domain, 404);
    await expect.poll(() => page.getByText("Disabled", { exact: true }).count(), { timeout: 10_000 }).toBe(1);
    await screenshot(page, "05-host-disabled");

    await page.getByRole("switch", { name: `Serve ${domain}` }).click();
    expect((await waitForProxyStatus(stack.proxyUrl, domain, 200)).body).toContain("backend-9002");
  });

  it("lists the local proxy node for the instance owner, on the current revision", async () => {
    await page.getByRole("link", { name: "Proxy nodes" }).click();
    await page.waitForURL(/\/nodes$/);
    const row = page.getByRole("row").filter({ hasText: "Up to date" });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    await screenshot(page, "05b-proxy-nodes");
    await page.goBack();
    await page.waitForURL(/\/hosts$/);
  });

  it("deletes the host and the proxy answers 404 again", async () => {
    await page.getByRole("link", { name: "Edit" }).click();
    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("button", { name: "Confirm delete" }).click();
    await page.waitForURL(/\/hosts$/);
    await expect.poll(() => page.getByText(domain).count()).toBe(0);
    const answer = await waitForProxyStatus(stack.proxyUrl, domain, 404);
    expect(answer.body).toContain(domain);
    await screenshot(page, "06-hosts-after-delete");
  });
});
