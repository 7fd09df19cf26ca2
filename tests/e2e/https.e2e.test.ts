import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Agent, request } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it, type TestContext } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startBackend, type TestBackend } from "../harness/backend.ts";
import { launchBrowser, orgUrl, screenshot, setUpOwner } from "../harness/browser.ts";
import { freePort } from "../harness/free-port.ts";
import { startPebble, type Pebble } from "../harness/pebble.ts";
import { startStack, type Stack } from "../harness/stack.ts";

const run = promisify(execFile);

const owner = { name: "Ada Owner", email: "ada@example.test", password: "correct horse battery", organization: "Acme" };
const domain = "secure.example.test";
const unreachableDomain = "unreachable.example.test";
const internalDomain = "intranet.example.lan";

/** One HTTPS request to the proxy's HTTPS port, with SNI and Host set to `host`, trusting only `ca`. */
type THttpsAnswer = { status: number; body: string; hsts: string | undefined };

async function httpsThroughProxy(stack: Stack, host: string, ca: string): Promise<THttpsAnswer> {
  const agent = new Agent({ connect: { ca, servername: host } });
  try {
    const response = await request(`${stack.httpsUrl}/hello`, { headers: { host }, dispatcher: agent });
    const hsts = response.headers["strict-transport-security"];
    return { status: response.statusCode, body: await response.body.text(), hsts: typeof hsts === "string" ? hsts : undefined };
  } finally {
    await agent.close();
  }
}

/** A link of the organization's or the instance's navigation (pages link to Settings and Certificates too). */
function nav(page: Page, name: string) {
  return page.getByRole("navigation", { name: /^(Organization|Instance)$/ }).getByRole("link", { name });
}

/** A certificate for `name` and a private key that is not its own, made with openssl. */
async function mismatchedUpload(dir: string, name: string): Promise<{ certificateFile: string; foreignKeyPem: string }> {
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  await run("openssl", ["req", "-x509", ...ec, "-days", "30", "-subj", `/CN=${name}`, "-addext", `subjectAltName=DNS:${name}`, "-keyout", "own.key", "-out", "cert.pem"], { cwd: dir });
  await run("openssl", ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "foreign.key"], { cwd: dir });
  return { certificateFile: join(dir, "cert.pem"), foreignKeyPem: readFileSync(join(dir, "foreign.key"), "utf8") };
}

describe("automatic HTTPS from a real ACME server (Pebble), watched in the browser, and upload checks", () => {
  let pebble: Pebble;
  let stack: Stack;
  let backend: TestBackend;
  let browser: Browser;
  let page: Page;
  let slug: string;
  const org = (path: string) => orgUrl(stack.webUrl, slug, path);
  let workDir: string;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), "gatehouse-https-e2e-"));
    // Pebble validates HTTP-01 against the proxy's HTTP port, so that port is picked before either starts.
    const proxyHttpPort = await freePort();
    pebble = await startPebble({ httpPort: proxyHttpPort });
    [stack, backend, browser] = await Promise.all([
      startStack({ proxyHttpPort, env: { NODE_EXTRA_CA_CERTS: pebble.caCertFile } }),
      startBackend("secure-backend"),
      launchBrowser(),
    ]);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });

    slug = await setUpOwner(page, stack.webUrl, owner);
  });

  // A failed step leaves the page as it was and the stack's last words, to see why.
  afterEach(async (context: TestContext) => {
    if (context.task.result?.state !== "fail" || !page) return;
    await screenshot(page, `failed-${context.task.name.slice(0, 40).replaceAll(/\W+/g, "-")}`);
    console.error(`stack output before the failure:\n${stack.output.slice(-40).join("\n")}\npebble:\n${pebble.output().slice(-3000)}`);
  });

  afterAll(async () => {
    await browser?.close();
    await backend?.close();
    await stack?.stop();
    await pebble?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it("says, before any ACME account exists, that automatic HTTPS waits for one and where to set it up", async () => {
    await page.goto(org("/hosts/new"));
    // Without an account a new host starts with HTTPS off.
    expect(await page.getByRole("radio", { name: /^Off/ }).isChecked()).toBe(true);
    await page.getByRole("radio", { name: /^Automatic/ }).check();
    await expect.poll(() => page.getByText("No ACME account is set up").count()).toBe(1);
    expect(await page.getByRole("link", { name: "Settings" }).count()).toBe(2);
    await screenshot(page, "39-host-form-https-no-acme-account");
  });

  it("lets the instance owner point the ACME account at Pebble", async () => {
    await nav(page, "Settings").click();
    await page.waitForURL(/\/settings$/);
    await page.getByLabel("Account email").fill("certs@example.test");
    await page.getByLabel("Certificate authority").selectOption("custom");
    await page.getByLabel("Directory URL").fill(pebble.directoryUrl);
    await page.getByRole("button", { name: "Save ACME account" }).click();
    await expect.poll(() => page.getByText("Saved. Waiting certificates").count()).toBe(1);
    await screenshot(page, "40-settings-acme");
  });

  it("orders a certificate for a new host with automatic HTTPS and shows each step up to issued", async () => {
    await page.goto(org("/hosts/new"));
    await page.getByLabel("Domains").fill(domain);
    await page.getByLabel("Backend URL").fill(backend.url);
    // With an ACME account set up, a new host starts on automatic HTTPS.
    expect(await page.getByRole("radio", { name: /^Automatic/ }).isChecked()).toBe(true);
    await page.getByLabel("Redirect HTTP to HTTPS").check();
    await page.getByLabel("HSTS", { exact: true }).check();
    expect(await page.getByLabel("Max age (seconds)").inputValue()).toBe("31536000");
    await screenshot(page, "41-host-form-https");
    await page.getByRole("button", { name: "Add host" }).click();

    await page.waitForURL(/\/hosts\/[^/]+$/);
    const steps = page.getByRole("list", { name: "Order steps" });
    await expect.poll(() => steps.count()).toBe(1);
    await expect.poll(() => page.getByText("Issued (done)").count(), { timeout: 90_000, interval: 500 }).toBe(1);
    const events = page.getByRole("list", { name: "Order events" });
    for (const step of ["Requested", "Ordering", "Waiting for validation", "Issued"]) {
      expect(await events.getByText(step, { exact: true }).count(), `event "${step}"`).toBeGreaterThan(0);
    }
    await screenshot(page, "42-host-order-issued");
  });

  it("serves the host over HTTPS with a certificate that verifies against Pebble's root", async () => {
    const root = await pebble.issuingRootPem();
    // The proxy applies the new certificate asynchronously after it is stored.
    let answer: THttpsAnswer | undefined;
    await expect
      .poll(
        async () => {
          answer = await httpsThroughProxy(stack, domain, root).catch((error: Error) => ({ status: 0, body: error.message, hsts: undefined }));
          return answer.status;
        },
        { timeout: 20_000, interval: 250 },
      )
      .toBe(200);
    expect(answer?.body).toContain("hello from secure-backend: GET /hello");
    expect(answer?.hsts).toBe("max-age=31536000");

    // Plain HTTP now redirects to HTTPS.
    const plain = await request(`${stack.proxyUrl}/hello?x=1`, { headers: { host: domain } });
    await plain.body.dump();
    expect(plain.statusCode).toBe(308);
    expect(String(plain.headers.location)).toMatch(new RegExp(`^https://${domain.replaceAll(".", "\\.")}(:\\d+)?/hello\\?x=1$`));
  });

  it("lists the certificate with its status, expiry and host, and renews it from its detail page", async () => {
    await nav(page, "Certificates").click();
    await page.waitForURL(/\/certificates$/);
    const row = page.getByRole("row").filter({ hasText: domain });
    await expect.poll(() => row.getByText("Valid", { exact: true }).count()).toBe(1);
    expect(await row.getByText(/^in \d+ days$/).count()).toBe(1);
    expect(await row.getByText("1 host").count()).toBe(1);
    await screenshot(page, "43-certificates-list");

    await row.getByRole("link").first().click();
    await page.waitForURL(/\/certificates\/[^/]+$/);
    await screenshot(page, "44-certificate-detail");

    // A renewal on request runs the same steps while the current certificate keeps serving.
    const issuedEvents = page.getByRole("list", { name: "Order events" }).getByText("Issued", { exact: true });
    expect(await issuedEvents.count()).toBe(1);
    await page.getByRole("button", { name: "Renew now" }).click();
    await expect.poll(() => page.getByText("Renewal requested.").count()).toBeGreaterThan(0);
    await expect.poll(() => issuedEvents.count(), { timeout: 90_000, interval: 500 }).toBe(2);
    await screenshot(page, "44b-certificate-renewed");

    // A certificate a host uses cannot be deleted; the refusal names the host.
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await page.getByRole("button", { name: "Confirm delete" }).click();
    await expect.poll(() => page.getByRole("alert").filter({ hasText: domain }).count()).toBe(1);
    await screenshot(page, "44c-certificate-delete-refused");
  });

  it("shows a failed validation on the host page with the CA's problem and what to check", async () => {
    // Pebble's DNS sends this name to an address nothing listens on, so HTTP-01 cannot reach the proxy.
    await pebble.addARecord(unreachableDomain, "127.0.0.2");
    await page.goto(org("/hosts/new"));
    await page.getByLabel("Domains").fill(unreachableDomain);
    await page.getByLabel("Backend URL").fill(backend.url);
    await page.getByRole("button", { name: "Add host" }).click();
    await page.waitForURL(/\/hosts\/[^/]+$/);

    const problem = page.getByRole("alert").filter({ hasText: "The last order failed" });
    await expect.poll(() => problem.count(), { timeout: 90_000, interval: 500 }).toBe(1);
    expect(await problem.textContent()).toContain(unreachableDomain);
    expect(await page.getByRole("list", { name: "Order steps" }).getByText("(failed)").count()).toBe(1);
    await screenshot(page, "46-host-order-failed");
  });

  it("makes a self-signed certificate and serves a host chosen to use it", async () => {
    await page.goto(org("/certificates/new"));
    await page.getByRole("radio", { name: /^Self-signed/ }).check();
    await page.getByLabel("Names", { exact: true }).fill(internalDomain);
    await page.getByLabel("Valid for (days)").fill("30");
    await screenshot(page, "47-certificate-new-self-signed");
    await page.getByRole("button", { name: "Create certificate" }).click();
    await page.waitForURL(/\/certificates\/[^/]+$/);
    await page.getByText("Show", { exact: true }).click();
    const selfSignedPem = (await page.getByLabel("Certificate PEM").textContent()) ?? "";
    expect(selfSignedPem).toContain("-----BEGIN CERTIFICATE-----");
    await screenshot(page, "48-certificate-detail-self-signed");

    await page.goto(org("/hosts/new"));
    await page.getByLabel("Domains").fill(internalDomain);
    await page.getByLabel("Backend URL").fill(backend.url);
    await page.getByRole("radio", { name: /^Use a certificate/ }).check();
    await page.getByRole("combobox", { name: "Certificate" }).selectOption({ label: `${internalDomain} (${internalDomain})` });
    await page.getByRole("button", { name: "Add host" }).click();
    await page.waitForURL(/\/hosts$/);
    await expect.poll(() => page.getByRole("row").filter({ hasText: internalDomain }).getByText("HTTPS", { exact: true }).count()).toBe(1);
    await screenshot(page, "49-hosts-https-badges");

    let status = 0;
    await expect
      .poll(
        async () => {
          status = await httpsThroughProxy(stack, internalDomain, selfSignedPem).then(
            (answer) => answer.status,
            () => 0,
          );
          return status;
        },
        { timeout: 20_000, interval: 250 },
      )
      .toBe(200);
  });

  it("refuses an upload whose key is not the certificate's, next to the key field", async () => {
    const upload = await mismatchedUpload(workDir, "mismatch.example.test");
    await page.goto(org("/certificates/new"));
    await page.getByLabel("Certificate file").setInputFiles(upload.certificateFile);
    await expect.poll(() => page.getByLabel("Certificate", { exact: true }).inputValue()).toContain("-----BEGIN CERTIFICATE-----");
    await page.getByLabel("Private key", { exact: true }).fill(upload.foreignKeyPem);
    await page.getByRole("button", { name: "Upload certificate" }).click();

    const keyError = page.locator("#privateKeyPem-error");
    await expect.poll(() => keyError.textContent()).toMatch(/private key does not match the certificate/i);
    expect(await page.locator("#certificatePem-error").count()).toBe(0);
    // The key the user pasted stays in the field (the form is not reset), but is never echoed by the server.
    expect(await page.getByLabel("Private key", { exact: true }).inputValue()).toContain("PRIVATE KEY");
    await screenshot(page, "45-certificate-upload-key-mismatch");
  });

  it("lists every certificate with its state in words: issued, failed, self-signed", async () => {
    await page.goto(org("/certificates"));
    for (const [name, state] of [
      [domain, "Valid"],
      [unreachableDomain, "Failed"],
      [internalDomain, "Valid"],
    ] as const) {
      expect(await page.getByRole("row").filter({ hasText: name }).getByText(state, { exact: true }).count(), `${name} is ${state}`).toBe(1);
    }
    await screenshot(page, "50-certificates-all-kinds");
  });
});
