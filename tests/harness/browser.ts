import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

// Debian's chromium; these flags keep it from reaching for the network this machine does not have.
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const SCREENSHOT_DIR = join(import.meta.dirname, "../../test-results/screenshots");

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

export type TOwner = { name: string; email: string; password: string; organization: string };

/** The URL of an organization page: every one lives under /o/<slug> (`path` such as "/hosts/new"). */
export function orgUrl(webUrl: string, slug: string, path = "/hosts"): string {
  return `${webUrl}/o/${encodeURIComponent(slug)}${path}`;
}

/** The organization slug of the /o/<slug>/... page the browser shows. */
export function orgSlugOf(page: Page): string {
  const slug = /^\/o\/([^/]+)\//.exec(new URL(page.url()).pathname)?.[1];
  if (!slug) throw new Error(`not an organization page: ${page.url()}`);
  return decodeURIComponent(slug);
}

/** A fresh instance's first visit: the setup page creates the owner and their organization; answers its slug. */
export async function setUpOwner(page: Page, webUrl: string, owner: TOwner): Promise<string> {
  await page.goto(webUrl);
  await page.waitForURL(/\/setup$/);
  await page.getByLabel("Name", { exact: true }).fill(owner.name);
  await page.getByLabel("Email", { exact: true }).fill(owner.email);
  await page.getByLabel("Password", { exact: true }).fill(owner.password);
  await page.getByLabel("Organization name").fill(owner.organization);
  await page.getByRole("button", { name: "Create owner account" }).click();
  await page.waitForURL(/\/o\/[^/]+\/hosts$/);
  return orgSlugOf(page);
}
