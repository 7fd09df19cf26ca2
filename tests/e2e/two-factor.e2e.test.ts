import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { otpauthSecret, totpCode } from "../../apps/web/test/totp.ts";
import { launchBrowser, screenshot, setUpOwner } from "../harness/browser.ts";
import { startStack, type Stack } from "../harness/stack.ts";

const owner = { name: "Ada Owner", email: "ada@example.test", password: "correct horse battery", organization: "Acme" };

describe("two-factor sign-in: the owner turns on TOTP on /account, then signs in with password and code", () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let secret: string;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await setUpOwner(page, stack.webUrl, owner);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it("turns on TOTP only after a first code from the app, and shows the recovery codes", async () => {
    await page.goto(`${stack.webUrl}/account`);
    await page.getByRole("textbox", { name: "Password", exact: true }).fill(owner.password);
    await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
    await page.getByRole("img", { name: "QR code for your authenticator app" }).waitFor();
    secret = (await page.getByTestId("totp-secret").textContent())!.trim();
    const uri = (await page.getByText(/^otpauth:\/\/totp\//).textContent())!.trim();
    expect(otpauthSecret(uri)).toBe(secret);
    await screenshot(page, "two-factor-01-account-setup");

    await page.getByLabel("Code from the app").fill("000000");
    await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
    await expect.poll(() => page.getByText("That code is not right").count()).toBe(1);

    await page.getByLabel("Code from the app").fill(totpCode(secret));
    await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
    await page.getByRole("list", { name: "Recovery codes" }).waitFor();
    expect(await page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem").count()).toBeGreaterThan(5);
    await screenshot(page, "two-factor-02-recovery-codes");
    await page.getByRole("button", { name: "I have stored my recovery codes" }).click();
    await expect.poll(() => page.getByText("On. Signing in asks for a code").count()).toBe(1);
    await screenshot(page, "two-factor-03-account-enabled");
  });

  it("asks for the code after the password and refuses a wrong one before signing in", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in/);
    await page.getByLabel("Email").fill(owner.email);
    await page.getByLabel("Password").fill(owner.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByLabel("Authentication code").waitFor();
    // Password accepted, but no session yet: the app still sends us to sign in.
    const session = await page.request.get(`${stack.webUrl}/api/auth/get-session`);
    expect(await session.json()).toBeNull();

    await page.getByLabel("Authentication code").fill("000000");
    await page.getByRole("button", { name: "Verify" }).click();
    await expect.poll(() => page.getByText("That code is not right").count()).toBe(1);
    await screenshot(page, "two-factor-04-second-step-wrong-code");

    // The /two-factor/* rate limit (3 per 10 s per IP) also counts the codes entered on /account a
    // moment ago: when it answers, the page says how long to wait, and the same code is tried again.
    const code = totpCode(secret, Date.now() + 30_000); // the next period's, still inside better-auth's window
    await page.getByLabel("Authentication code").fill(code);
    await page.getByRole("button", { name: "Verify" }).click();
    const outcome = await Promise.race([
      page.waitForURL(/\/hosts/).then(() => "signed in" as const),
      page.getByText(/Too many attempts/).waitFor().then(() => "rate limited" as const),
    ]);
    if (outcome === "rate limited") {
      const wait = Number((await page.getByText(/Too many attempts/).textContent())!.match(/Wait (\d+)/)![1]);
      await screenshot(page, "two-factor-05-rate-limited");
      await new Promise((resolve) => setTimeout(resolve, (wait + 1) * 1000));
      await page.getByLabel("Authentication code").fill(code);
      await page.getByRole("button", { name: "Verify" }).click();
      await page.waitForURL(/\/hosts/);
    }
    await page.goto(`${stack.webUrl}/account`);
    await expect.poll(() => page.getByText("This session").count()).toBe(1);
    await screenshot(page, "two-factor-06-account-sessions");
  });
});
