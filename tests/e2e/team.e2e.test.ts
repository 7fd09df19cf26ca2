import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { APIResponse, Browser, BrowserContext, Page, Request } from "playwright-core";
import { launchBrowser, screenshot, setUpOwner } from "../harness/browser.ts";
import { startStack, type Stack } from "../harness/stack.ts";

const owner = { name: "Ada Owner", email: "ada@example.test", password: "correct horse battery", organization: "Acme" };
const teammate = { name: "Tim Teammate", email: "teammate@example.com", password: "teammate horse battery" };
const domain = "team.example.test";
const backend = "http://127.0.0.1:9001";

type TMail = { to: string[]; raw: string };

/** An SMTP server on a free port that keeps what it receives (no TLS, no auth: loopback only). */
async function startMailbox(): Promise<{ port: number; mails: TMail[]; close(): Promise<void> }> {
  const mails: TMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        mails.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The mail's text as a reader sees it: quoted-printable soft breaks and escapes undone. */
function mailText(raw: string): string {
  return raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** A server-action request as the browser sent it, to replay with other cookies. */
type TCapturedAction = { url: string; headers: Record<string, string>; body: Buffer };

describe("teams: invite a viewer by email, refuse their edits, promote them to editor", () => {
  let stack: Stack;
  let browser: Browser;
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  let ownerContext: BrowserContext;
  let teammateContext: BrowserContext;
  let ownerPage: Page;
  let teammatePage: Page;
  let slug: string;
  let hostId: string;
  let invitationLink: string;
  /** The link's path on the stack's address (the link's origin is GATEHOUSE_PUBLIC_URL, not set here). */
  let invitationUrl: string;

  const orgUrl = (path: string) => `${stack.webUrl}/o/${slug}${path}`;

  /** The host as the owner reads it through the REST API (their session cookie). */
  async function hostAsOwner(): Promise<{ locations: { action: { backendUrl?: string | null } }[] }> {
    const response = await ownerContext.request.get(`${stack.webUrl}/api/v1/hosts/${hostId}`);
    expect(response.status()).toBe(200);
    return response.json();
  }

  beforeAll(async () => {
    mailbox = await startMailbox();
    [stack, browser] = await Promise.all([
      startStack({ env: { GATEHOUSE_SMTP_URL: `smtp://127.0.0.1:${mailbox.port}?security=none`, GATEHOUSE_SMTP_FROM: "gatehouse@example.test" } }),
      launchBrowser(),
    ]);
    ownerContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    teammateContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    ownerPage = await ownerContext.newPage();
    teammatePage = await teammateContext.newPage();
    await setUpOwner(ownerPage, stack.webUrl, owner);
    slug = /\/o\/([^/]+)\//.exec(new URL(ownerPage.url()).pathname)?.[1] ?? "";
    expect(slug).not.toBe("");
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await mailbox?.close();
  });

  it("the owner adds a host and invites a teammate as viewer: the link is emailed and shown once", async () => {
    await ownerPage.goto(orgUrl("/hosts/new"));
    await ownerPage.getByLabel("Domains").fill(domain);
    await ownerPage.getByLabel("Backend URL").fill(backend);
    await ownerPage.getByRole("button", { name: "Add host" }).click();
    await ownerPage.waitForURL(/\/hosts$/);
    const edit = ownerPage.getByRole("link", { name: /Edit/ });
    hostId = /\/hosts\/([^/?]+)/.exec((await edit.first().getAttribute("href")) ?? "")?.[1] ?? "";
    expect(hostId).not.toBe("");

    await ownerPage.goto(orgUrl("/members"));
    await ownerPage.getByLabel("Email", { exact: true }).fill(teammate.email);
    await ownerPage.getByLabel("Role", { exact: true }).selectOption("viewer");
    await ownerPage.getByRole("button", { name: "Send invitation" }).click();
    await expect.poll(() => ownerPage.getByText(`Emailed to ${teammate.email}.`).count(), { timeout: 20_000 }).toBe(1);
    invitationLink = (await ownerPage.getByTestId("invitation-link").textContent())?.trim() ?? "";
    expect(invitationLink).toMatch(/\/invite\/[A-Za-z0-9_-]{20,}$/);
    invitationUrl = `${stack.webUrl}${new URL(invitationLink).pathname}`;

    await expect.poll(() => mailbox.mails.length, { timeout: 15_000 }).toBe(1);
    const [mail] = mailbox.mails;
    expect(mail!.to).toEqual([teammate.email]);
    expect(mailText(mail!.raw)).toContain(invitationLink);

    const invitations = ownerPage.getByRole("region", { name: "Invitations" });
    const row = invitations.getByRole("row").filter({ hasText: teammate.email });
    await expect.poll(() => row.textContent()).toMatch(/Viewer.*Pending.*in 7 days.*Ada Owner/);
    await screenshot(ownerPage, "team-members-owner-pending");
  });

  it("the teammate opens the link, signs up and lands in the organization's hosts without edit controls", async () => {
    await teammatePage.goto(invitationUrl);
    await expect.poll(() => teammatePage.getByText(`Ada Owner invited you to join ${owner.organization} as viewer.`).count()).toBe(1);
    expect(await teammatePage.getByLabel("Email", { exact: true }).inputValue()).toBe(teammate.email);
    await screenshot(teammatePage, "team-invite-sign-up");
    await teammatePage.getByLabel("Name", { exact: true }).fill(teammate.name);
    await teammatePage.getByLabel("Password", { exact: true }).fill(teammate.password);
    await teammatePage.getByRole("button", { name: "Create account and join" }).click();
    await teammatePage.waitForURL(new RegExp(`/o/${slug}/hosts$`));

    await expect.poll(() => teammatePage.getByText(domain).count()).toBeGreaterThan(0);
    expect(await teammatePage.getByRole("link", { name: "Add host" }).count()).toBe(0);
    expect(await teammatePage.getByRole("link", { name: /Edit/ }).count()).toBe(0);

    // The host's own page offers nothing to save or delete to a viewer.
    await teammatePage.goto(orgUrl(`/hosts/${hostId}`));
    expect(await teammatePage.getByRole("button", { name: "Save" }).count()).toBe(0);
    expect(await teammatePage.getByRole("button", { name: "Delete" }).count()).toBe(0);

    await teammatePage.goto(orgUrl("/members"));
    await expect.poll(() => teammatePage.getByRole("row").filter({ hasText: teammate.email }).count()).toBe(1);
    expect(await teammatePage.getByRole("button", { name: "Send invitation" }).count()).toBe(0);
    expect(await teammatePage.getByRole("button", { name: /^Remove/ }).count()).toBe(0);
    expect(await teammatePage.getByRole("combobox").count()).toBe(0);
    expect(await teammatePage.getByRole("button", { name: "Leave organization" }).count()).toBe(1);
    await screenshot(teammatePage, "team-members-viewer");
  });

  it("refuses the viewer's forged edits through the REST API", async () => {
    const api = teammateContext.request;
    const put = await api.put(`${stack.webUrl}/api/v1/hosts/${hostId}`, {
      data: { domains: [domain], locations: [{ path: "/", action: { type: "proxy", backendUrl: "http://127.0.0.1:6666" } }] },
    });
    expect(put.status()).toBe(403);
    const post = await api.post(`${stack.webUrl}/api/v1/hosts`, {
      data: { domains: ["forged.example.test"], locations: [{ path: "/", action: { type: "proxy", backendUrl: "http://127.0.0.1:6666" } }] },
    });
    expect(post.status()).toBe(403);
    const remove = await api.delete(`${stack.webUrl}/api/v1/hosts/${hostId}`);
    expect(remove.status()).toBe(403);
    expect(JSON.stringify(await hostAsOwner())).toContain(backend);
  });

  /**
   * Runs `act` in the owner's browser and stops the server-action request it makes before it leaves,
   * answering a replayer that sends the same bytes with another context's cookies.
   */
  async function captureOwnerAction(act: () => Promise<void>): Promise<(context: BrowserContext) => Promise<APIResponse>> {
    let captured: TCapturedAction | null = null;
    await ownerPage.route("**/*", async (route) => {
      const request: Request = route.request();
      if (request.method() === "POST" && (await request.headerValue("next-action"))) {
        captured = { url: request.url(), headers: await request.allHeaders(), body: request.postDataBuffer() ?? Buffer.alloc(0) };
        await route.abort();
      } else {
        await route.continue();
      }
    });
    await act();
    await expect.poll(() => captured !== null).toBe(true);
    await ownerPage.unrouteAll({ behavior: "wait" });
    const action = captured as unknown as TCapturedAction;
    // The request's own headers (Next-Action, the router state, the multipart boundary) without the
    // owner's cookie: each context's request API sends its own.
    const headers = Object.fromEntries(
      Object.entries(action.headers).filter(([name]) => !name.startsWith(":") && !["cookie", "content-length", "host"].includes(name)),
    );
    return (context) => context.request.fetch(action.url, { method: "POST", headers: { ...headers, origin: stack.webUrl }, data: action.body, maxRedirects: 0 });
  }

  it("refuses real server-action requests replayed with the viewer's cookies", async () => {
    const saveHost = await captureOwnerAction(async () => {
      await ownerPage.goto(orgUrl(`/hosts/${hostId}`));
      await ownerPage.getByLabel("Backend URL").fill("http://127.0.0.1:6666");
      await ownerPage.getByRole("button", { name: "Save" }).click();
    });
    expect(await (await saveHost(teammateContext)).text()).toContain("does not allow");
    expect(JSON.stringify(await hostAsOwner())).toContain(backend);
    // The same bytes with the owner's cookies do save: the refusal above was the role, not a broken request.
    await saveHost(ownerContext);
    await expect.poll(async () => JSON.stringify(await hostAsOwner())).toContain("http://127.0.0.1:6666");

    // Nor can the viewer make themselves owner with the members page's own request.
    const promote = await captureOwnerAction(async () => {
      await ownerPage.goto(orgUrl("/members"));
      await ownerPage.getByLabel(`Role of ${teammate.name}`).selectOption("owner");
      await ownerPage.getByRole("button", { name: `Save role of ${teammate.name}` }).click();
    });
    expect(await (await promote(teammateContext)).text()).toContain("does not allow");
    await ownerPage.goto(orgUrl("/members"));
    const row = ownerPage.getByRole("region", { name: "Member list" }).getByRole("row").filter({ hasText: teammate.email });
    expect(await row.getByLabel(`Role of ${teammate.name}`).inputValue()).toBe("viewer");
  });

  it("the owner promotes the teammate to editor, who can then save the host", async () => {
    await ownerPage.goto(orgUrl("/members"));
    await ownerPage.getByLabel(`Role of ${teammate.name}`).selectOption("editor");
    await ownerPage.getByRole("button", { name: `Save role of ${teammate.name}` }).click();
    await expect.poll(() => ownerPage.getByText("Role saved.").count()).toBe(1);
    const row = ownerPage.getByRole("region", { name: "Invitations" }).getByRole("row").filter({ hasText: teammate.email });
    await expect.poll(() => row.textContent()).toContain("Accepted");
    await screenshot(ownerPage, "team-members-owner-after-promotion");

    await teammatePage.goto(orgUrl("/hosts"));
    await teammatePage.getByRole("link", { name: /Edit/ }).first().click();
    await teammatePage.getByLabel("Backend URL").fill("http://127.0.0.1:7777");
    await teammatePage.getByRole("button", { name: "Save" }).click();
    await teammatePage.waitForURL(/\/hosts$/);
    await expect.poll(async () => JSON.stringify(await hostAsOwner())).toContain("http://127.0.0.1:7777");
  });

  it("keeps the last owner: stepping down alone is refused with the reason", async () => {
    await ownerPage.goto(orgUrl("/members"));
    await ownerPage.getByLabel(`Role of ${owner.name}`).selectOption("admin");
    await ownerPage.getByRole("button", { name: `Save role of ${owner.name}` }).click();
    await expect.poll(() => ownerPage.getByRole("alert").filter({ hasText: "at least one owner" }).count()).toBe(1);
    // Nor is "Leave organization" offered to the only owner.
    expect(await ownerPage.getByRole("button", { name: "Leave organization" }).count()).toBe(0);
  });

  it("resending replaces the link (the old one stops working) and revoking closes it", async () => {
    await ownerPage.goto(orgUrl("/members"));
    await ownerPage.getByLabel("Email", { exact: true }).fill("second@example.com");
    await ownerPage.getByLabel("Role", { exact: true }).selectOption("editor");
    await ownerPage.getByRole("button", { name: "Send invitation" }).click();
    await expect.poll(() => ownerPage.getByText("Emailed to second@example.com.").count(), { timeout: 20_000 }).toBe(1);
    const first = (await ownerPage.getByTestId("invitation-link").textContent())?.trim() ?? "";

    const row = ownerPage.getByRole("region", { name: "Invitations" }).getByRole("row").filter({ hasText: "second@example.com" });
    await row.getByRole("button", { name: /^Resend/ }).click();
    const resent = row.getByTestId("invitation-link");
    await expect.poll(() => resent.count(), { timeout: 20_000 }).toBe(1);
    const second = (await resent.textContent())?.trim() ?? "";
    expect(second).not.toBe(first);
    await expect.poll(() => mailbox.mails.filter((mail) => mail.to.includes("second@example.com")).length).toBe(2);
    await screenshot(ownerPage, "team-members-resent");

    const visitor = await browser.newContext();
    const page = await visitor.newPage();
    await page.goto(`${stack.webUrl}${new URL(first).pathname}`);
    await expect.poll(() => page.getByRole("heading", { name: "This invitation link does not work" }).count()).toBe(1);
    await page.goto(`${stack.webUrl}${new URL(second).pathname}`);
    await expect.poll(() => page.getByRole("heading", { name: `Join ${owner.organization}` }).count()).toBe(1);

    await ownerPage.reload();
    await row.getByRole("button", { name: /^Revoke/ }).click();
    await row.getByRole("button", { name: "Confirm revoke" }).click();
    await expect.poll(() => row.textContent()).toContain("Revoked");
    await page.goto(`${stack.webUrl}${new URL(second).pathname}`);
    await expect.poll(() => page.getByRole("heading", { name: "This invitation was revoked" }).count()).toBe(1);
    await visitor.close();
  });

  it("an existing account signs in from the invitation and comes back to join", async () => {
    await ownerPage.goto(`${stack.webUrl}/organizations/new`);
    await ownerPage.getByLabel("Organization name").fill("Beta");
    await ownerPage.getByRole("button", { name: "Create organization" }).click();
    await ownerPage.waitForURL(/\/o\/[^/]+\/hosts$/);
    const betaSlug = /\/o\/([^/]+)\//.exec(new URL(ownerPage.url()).pathname)?.[1] ?? "";
    await ownerPage.goto(`${stack.webUrl}/o/${betaSlug}/members`);
    await ownerPage.getByLabel("Email", { exact: true }).fill(teammate.email);
    await ownerPage.getByRole("button", { name: "Send invitation" }).click();
    await expect.poll(() => ownerPage.getByTestId("invitation-link").count(), { timeout: 20_000 }).toBe(1);
    const betaUrl = `${stack.webUrl}${new URL((await ownerPage.getByTestId("invitation-link").textContent())!.trim()).pathname}`;

    // Signed in as someone else: the page names the address and offers to sign out.
    await ownerPage.goto(betaUrl);
    await expect.poll(() => ownerPage.getByText(`This invitation is for ${teammate.email}`).count()).toBe(1);
    expect(await ownerPage.getByRole("button", { name: "Sign out" }).count()).toBeGreaterThan(0);
    await screenshot(ownerPage, "team-invite-other-account");

    await teammatePage.goto(`${stack.webUrl}/o/${slug}/hosts`);
    await teammatePage.getByRole("button", { name: "Sign out" }).click();
    await teammatePage.waitForURL(/\/sign-in/);
    await teammatePage.goto(betaUrl);
    await screenshot(teammatePage, "team-invite-sign-in");
    await teammatePage.getByRole("link", { name: "Sign in to accept" }).click();
    await teammatePage.waitForURL(/\/sign-in\?next=/);
    await teammatePage.getByLabel("Email", { exact: true }).fill(teammate.email);
    await teammatePage.getByLabel("Password", { exact: true }).fill(teammate.password);
    await teammatePage.getByRole("button", { name: "Sign in" }).click();
    await teammatePage.waitForURL((url) => url.pathname === new URL(betaUrl).pathname);
    await teammatePage.getByRole("button", { name: "Join Beta" }).click();
    await teammatePage.waitForURL(new RegExp(`/o/${betaSlug}/hosts$`));
  });

  it("says the invitation has been used when its link is opened again", async () => {
    const stranger = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await stranger.newPage();
    await page.goto(invitationUrl);
    await expect.poll(() => page.getByRole("heading", { name: "This invitation has been used" }).count()).toBe(1);
    await screenshot(page, "team-invite-used");
    await stranger.close();
  });
});
