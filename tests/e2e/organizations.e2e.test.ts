import { createDb, databaseFile } from "@gatehouse/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, orgSlugOf, orgUrl, screenshot, setUpOwner } from "../harness/browser.ts";
import { startStack, type Stack } from "../harness/stack.ts";

const owner = { name: "Ada Owner", email: "ada@example.test", password: "correct horse battery", organization: "Acme" };

describe("organizations in the URL: a user in two organizations switches between them", () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let acme: string;
  let globex: string;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    acme = await setUpOwner(page, stack.webUrl, owner);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function addHost(slug: string, domain: string): Promise<void> {
    await page.goto(orgUrl(stack.webUrl, slug, "/hosts/new"));
    await page.getByLabel("Domains").fill(domain);
    await page.getByLabel("Backend URL").fill("http://127.0.0.1:9");
    await page.getByRole("radio", { name: /^Off/ }).check();
    await page.getByRole("button", { name: "Add host" }).click();
    await page.waitForURL(new RegExp(`/o/${slug}/hosts$`));
  }

  it("lets the instance owner create a second organization from the switcher", async () => {
    await page.getByRole("button", { name: /Organization: Acme/ }).click();
    await page.getByRole("link", { name: "+ New organization" }).click();
    await page.waitForURL(/\/organizations\/new$/);
    await page.getByLabel("Organization name").fill("Globex");
    await page.getByRole("button", { name: "Create organization" }).click();
    await page.waitForURL(/\/o\/[^/]+\/hosts$/);
    globex = orgSlugOf(page);
    expect(globex).not.toBe(acme);
    await expect.poll(() => page.getByRole("button", { name: /Organization: Globex/ }).count()).toBe(1);
  });

  it("shows each organization's hosts under its own URL", async () => {
    await addHost(acme, "acme.example.test");
    await addHost(globex, "globex.example.test");

    await page.goto(orgUrl(stack.webUrl, acme));
    await expect.poll(() => page.getByText("acme.example.test").count()).toBeGreaterThan(0);
    expect(await page.getByText("globex.example.test").count()).toBe(0);

    await page.goto(orgUrl(stack.webUrl, globex));
    await expect.poll(() => page.getByText("globex.example.test").count()).toBeGreaterThan(0);
    expect(await page.getByText("acme.example.test").count()).toBe(0);
  });

  it("switches organizations from the header menu, by keyboard too, and '/' follows the last one used", async () => {
    await page.goto(orgUrl(stack.webUrl, globex, "/hosts"));
    const switcher = page.getByRole("button", { name: /Organization: Globex/ });
    await switcher.click();
    expect(await switcher.getAttribute("aria-expanded")).toBe("true");
    const list = page.getByRole("navigation", { name: "Your organizations" });
    expect(await list.getByRole("link").allTextContents()).toEqual(["Acmeowner", "Globexowner", "+ New organization"]);
    expect(await list.getByRole("link", { name: /Globex/ }).getAttribute("aria-current")).toBe("page");
    await screenshot(page, "60-organization-switcher-open");

    await page.keyboard.press("Escape");
    await expect.poll(() => switcher.getAttribute("aria-expanded")).toBe("false");
    await switcher.press("Enter");
    await list.getByRole("link", { name: /Acme/ }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(orgUrl(stack.webUrl, acme, "/hosts"));
    await expect.poll(() => page.getByText("acme.example.test").count()).toBeGreaterThan(0);

    await page.goto(stack.webUrl);
    await page.waitForURL(orgUrl(stack.webUrl, acme, "/hosts"));
    await page.goto(orgUrl(stack.webUrl, globex, "/certificates"));
    await page.goto(stack.webUrl);
    await page.waitForURL(orgUrl(stack.webUrl, globex, "/hosts"));

    // The session-authenticated REST API follows the same active organization.
    const hosts = (await (await page.request.get(`${stack.webUrl}/api/v1/hosts`)).json()) as { domains: string[] }[];
    expect(hosts.map((host) => host.domains)).toEqual([["globex.example.test"]]);
  });

  it("answers 404 for an organization the user is not in and for one that does not exist", async () => {
    const db = createDb(databaseFile(stack.dataDir));
    try {
      const now = new Date();
      await db.user.create({ data: { id: "u-other", name: "Other", email: "other@example.test", emailVerified: true, createdAt: now, updatedAt: now } });
      await db.organization.create({ data: { id: "org-initech", name: "Initech", slug: "initech", createdAt: now } });
      await db.member.create({ data: { id: "m-initech", organizationId: "org-initech", userId: "u-other", role: "owner", createdAt: now } });
    } finally {
      await db.$disconnect();
    }
    for (const path of ["/hosts", "/hosts/new", "/upstreams", "/certificates", "/audit", "/api-tokens", "/organization/export"]) {
      for (const slug of ["initech", "no-such-org"]) {
        const response = await page.request.get(orgUrl(stack.webUrl, slug, path), { maxRedirects: 0 });
        expect(response.status(), `${slug}${path}`).toBe(404);
      }
    }
    const response = await page.goto(orgUrl(stack.webUrl, "initech"));
    expect(response?.status()).toBe(404);
    await expect.poll(() => page.getByText("This page does not exist, or you do not have access to it.").count()).toBe(1);
  });
});
