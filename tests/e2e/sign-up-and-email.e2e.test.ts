import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { mailText, startSmtpCatcher, type TSmtpCatcher } from "../../apps/web/test/smtp-catcher.ts";
import { launchBrowser, screenshot, setUpOwner } from "../harness/browser.ts";
import { startStack, type Stack } from "../harness/stack.ts";

const owner = { name: "Ada Owner", email: "ada@example.test", password: "correct horse battery", organization: "Acme" };
const newcomer = { name: "Bob Builder", email: "bob@example.test", password: "bob's first passphrase", newPassword: "bob's second passphrase" };
const SMTP = { username: "gatehouse", password: "smtp password 1" };

describe("sign-up and email: the owner sets up SMTP and open registration; a newcomer signs up, forgets and resets the password", () => {
  let stack: Stack;
  let smtp: TSmtpCatcher;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [stack, browser, smtp] = await Promise.all([startStack(), launchBrowser(), startSmtpCatcher(SMTP)]);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await setUpOwner(page, stack.webUrl, owner);
  });

  afterAll(async () => {
    await browser?.close();
    await smtp?.close();
    await stack?.stop();
  });

  it("says registration is by invitation and that email is off, before the owner changes anything", async () => {
    const visitor = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await visitor.goto(`${stack.webUrl}/sign-in`);
    expect(await visitor.getByRole("link", { name: "Create an account" }).count()).toBe(0);
    await visitor.goto(`${stack.webUrl}/sign-up`);
    await visitor.getByRole("heading", { name: "Registration is by invitation" }).waitFor();
    await screenshot(visitor, "sign-up-email-01-sign-up-invite-only");
    await visitor.getByRole("link", { name: "Back to sign in" }).click();
    await visitor.getByRole("link", { name: "Forgot your password?" }).click();
    await visitor.getByText("Email is not set up on this Gatehouse").waitFor();
    await screenshot(visitor, "sign-up-email-02-forgot-password-mail-off");
    await visitor.close();
  });

  it("saves SMTP settings in the GUI and sends a test email to the owner", async () => {
    await page.goto(`${stack.webUrl}/settings`);
    await page.getByRole("heading", { name: "Sign-up and email" }).waitFor();
    await page.getByLabel("SMTP host").fill("127.0.0.1");
    await page.getByLabel("Port").fill(String(smtp.port));
    await page.getByLabel("Encryption").selectOption("none");
    await page.getByLabel("User name").fill(SMTP.username);
    await page.getByRole("textbox", { name: "Password", exact: true }).fill(SMTP.password);
    await page.getByLabel("From address").fill("gatehouse@example.test");
    await page.getByRole("button", { name: "Save email settings" }).click();
    await page.getByText("Saved. Send a test email to check it.").waitFor();

    await page.getByRole("button", { name: "Send test email" }).click();
    await page.getByText(`Sent to ${owner.email}.`).waitFor();
    const mail = await smtp.nextMessage();
    expect(mail.to).toEqual([owner.email]);
    expect(mail.raw).toMatch(/^Subject: Gatehouse test email$/m);
    await page.getByRole("heading", { name: "Sign-up and email" }).scrollIntoViewIfNeeded();
    await screenshot(page, "sign-up-email-03-settings-smtp-saved");

    await page.getByText("Open registration").click();
    await page.getByRole("button", { name: "Save registration" }).click();
    await page.getByText("Saved. Anyone can now create an account.").waitFor();
  });

  it("lets a newcomer create an account with an organization of their own", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in/);
    await page.getByRole("link", { name: "Create an account" }).waitFor();
    await screenshot(page, "sign-up-email-04-sign-in-links");
    await page.getByRole("link", { name: "Create an account" }).click();
    await page.waitForURL(/\/sign-up$/);
    await page.getByLabel("Name").fill(newcomer.name);
    await page.getByLabel("Email").fill(newcomer.email);
    await page.getByLabel("Password").fill(newcomer.password);
    await screenshot(page, "sign-up-email-05-sign-up-open");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(/\/o\/bob-builder-s-organization\/hosts$/);
    await screenshot(page, "sign-up-email-06-newcomer-hosts");
  });

  it("mails a reset link that sets a new password; the old one stops working", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in/);
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await page.waitForURL(/\/forgot-password$/);
    await page.getByLabel("Email").fill(newcomer.email);
    const [requested] = await Promise.all([
      page.waitForResponse((response) => response.url().endsWith("/api/auth/request-password-reset")),
      page.getByRole("button", { name: "Email me a reset link" }).click(),
    ]);
    expect(requested.status(), await requested.text()).toBe(200);
    await page.getByText(/If an account exists for/).waitFor();
    await screenshot(page, "sign-up-email-07-forgot-password-sent");

    const mail = await smtp.nextMessage();
    expect(mail.to).toEqual([newcomer.email]);
    const token = /\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(mailText(mail.raw))?.[1];
    expect(token).toBeTruthy();

    await page.goto(`${stack.webUrl}/reset-password?token=${token}`);
    await page.getByLabel("New password", { exact: true }).fill(newcomer.newPassword);
    await page.getByLabel("New password again").fill(newcomer.newPassword);
    await screenshot(page, "sign-up-email-08-reset-password");
    await page.getByRole("button", { name: "Set new password" }).click();
    await page.getByText("Your password is changed").waitFor();
    await page.getByRole("link", { name: "Sign in" }).click();

    await page.waitForURL(/\/sign-in/);
    await page.getByLabel("Email").fill(newcomer.email);
    await page.getByLabel("Password").fill(newcomer.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("That email and password do not match an account.").waitFor();
    await page.getByLabel("Password").fill(newcomer.newPassword);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/o\/bob-builder-s-organization\/hosts$/);

    // The link worked once.
    await page.goto(`${stack.webUrl}/reset-password?token=${token}`);
    await page.getByLabel("New password", { exact: true }).fill("a third passphrase here");
    await page.getByLabel("New password again").fill("a third passphrase here");
    await page.getByRole("button", { name: "Set new password" }).click();
    await page.getByText("This reset link has expired or was already used.").waitFor();
  });

  it("tells someone guessing passwords to wait", async () => {
    // The limit counts per client address (every page here is 127.0.0.1): let the sign-ins of the
    // test before leave the 10-second window.
    await new Promise((resolve) => setTimeout(resolve, 10_500));
    const guesser = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await guesser.goto(`${stack.webUrl}/sign-in`);
    await guesser.waitForLoadState("networkidle");
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      await guesser.getByLabel("Email").fill(owner.email);
      await guesser.getByLabel("Password").fill(`wrong password ${attempt}`);
      const [response] = await Promise.all([
        guesser.waitForResponse((candidate) => candidate.url().endsWith("/api/auth/sign-in/email")),
        guesser.getByRole("button", { name: "Sign in" }).click(),
      ]);
      statuses.push(response.status());
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    await guesser.getByText(/^Too many attempts\. Wait \d+ seconds and try again\.$/).waitFor();
    await screenshot(guesser, "sign-up-email-09-sign-in-rate-limited");
    await guesser.close();
  });
});

describe("sign-up and email: SMTP from GATEHOUSE_SMTP_URL is shown read-only and used for the test email", () => {
  let stack: Stack;
  let smtp: TSmtpCatcher;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    smtp = await startSmtpCatcher(SMTP);
    const url = `smtp://${SMTP.username}:${encodeURIComponent(SMTP.password)}@127.0.0.1:${smtp.port}?security=none`;
    [stack, browser] = await Promise.all([startStack({ env: { GATEHOUSE_SMTP_URL: url, GATEHOUSE_SMTP_FROM: "ops@example.test" } }), launchBrowser()]);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await setUpOwner(page, stack.webUrl, owner);
  });

  afterAll(async () => {
    await browser?.close();
    await smtp?.close();
    await stack?.stop();
  });

  it("shows where the settings come from, offers no form, and sends through the environment's server", async () => {
    await page.goto(`${stack.webUrl}/settings`);
    await page.getByText("Set by GATEHOUSE_SMTP_URL").waitFor();
    expect(await page.getByLabel("SMTP host").count()).toBe(0);
    expect(await page.getByText(`127.0.0.1:${smtp.port}`).count()).toBe(1);
    expect(await page.content()).not.toContain(SMTP.password);
    await page.getByRole("button", { name: "Send test email" }).click();
    await page.getByText(`Sent to ${owner.email}.`).waitFor();
    const mail = await smtp.nextMessage();
    expect(mail.from).toBe("ops@example.test");
    await page.getByRole("heading", { name: "Sign-up and email" }).scrollIntoViewIfNeeded();
    await screenshot(page, "sign-up-email-10-settings-smtp-from-environment");
  });
});
