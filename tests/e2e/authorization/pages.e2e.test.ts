import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { can, ROLES, type TPermission, type TRole } from "@gatehouse/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TSeededOrg } from "../../harness/seed-organizations.ts";
import { startMatrixStack, type TMatrixStack } from "./matrix-stack.ts";

// The GUI half of the authorization matrix: every page, GET as each role of organization A, expected
// 200 iff can(role, permission) and 404 otherwise (never 403: no existence leak); organization B's slug
// and B's record ids under A's slug answer 404 to every role of A, exactly like ones that do not exist.

const APP_DIR = join(import.meta.dirname, "../../../apps/web/src/app");

/** Who may open a page. `member`: any member of the organization in the URL. */
type TPageAccess =
  | { kind: "org"; permission: TPermission | "member"; redirectsTo?: string }
  | { kind: "signed-in" }
  | { kind: "instance-owner" }
  | { kind: "public" };

type TPage = {
  access: TPageAccess;
  /** The URL on organization `org` with its own record ids (for [id] pages). */
  path?: (org: TSeededOrg) => string;
  /** For [id] pages: the URL under `slug` with the id of `other`'s record. */
  foreign?: (slug: string, other: TSeededOrg) => string;
};

const orgPage = (permission: TPermission | "member", sub: string): TPage => ({ access: { kind: "org", permission }, path: (org) => `/o/${org.slug}${sub}` });
const recordPage = (permission: TPermission, kind: "hosts" | "upstreams" | "certificates", idOf: (org: TSeededOrg) => string): TPage => ({
  access: { kind: "org", permission },
  path: (org) => `/o/${org.slug}/${kind}/${idOf(org)}`,
  foreign: (slug, other) => `/o/${slug}/${kind}/${idOf(other)}`,
});

/**
 * Every page.tsx under apps/web/src/app (route groups kept in the key). The permission is what the
 * page is for: the edit pages of hosts and upstreams are forms, so they need the write permission;
 * the certificate page shows a certificate (read).
 */
const PAGES: Record<string, TPage> = {
  "(app)/o/[org]/page.tsx": { access: { kind: "org", permission: "member", redirectsTo: "/hosts" }, path: (org) => `/o/${org.slug}` },
  "(app)/o/[org]/hosts/page.tsx": orgPage("host:read", "/hosts"),
  "(app)/o/[org]/hosts/new/page.tsx": orgPage("host:write", "/hosts/new"),
  "(app)/o/[org]/hosts/[id]/page.tsx": recordPage("host:write", "hosts", (org) => org.hostId),
  "(app)/o/[org]/upstreams/page.tsx": orgPage("upstream:read", "/upstreams"),
  "(app)/o/[org]/upstreams/new/page.tsx": orgPage("upstream:write", "/upstreams/new"),
  "(app)/o/[org]/upstreams/[id]/page.tsx": recordPage("upstream:write", "upstreams", (org) => org.upstreamId),
  "(app)/o/[org]/certificates/page.tsx": orgPage("certificate:read", "/certificates"),
  "(app)/o/[org]/certificates/new/page.tsx": orgPage("certificate:write", "/certificates/new"),
  "(app)/o/[org]/certificates/[id]/page.tsx": recordPage("certificate:read", "certificates", (org) => org.certificateId),
  "(app)/o/[org]/members/page.tsx": orgPage("member:read", "/members"),
  "(app)/o/[org]/api-tokens/page.tsx": orgPage("token:read", "/api-tokens"),
  // The audit log is for every member (the page checks host:read, which every role holds).
  "(app)/o/[org]/audit/page.tsx": orgPage("member", "/audit"),
  "(app)/o/[org]/organization/export/page.tsx": orgPage("organization:transfer", "/organization/export"),
  "(app)/account/page.tsx": { access: { kind: "signed-in" }, path: () => "/account" },
  "(app)/settings/page.tsx": { access: { kind: "instance-owner" }, path: () => "/settings" },
  "(app)/nodes/page.tsx": { access: { kind: "instance-owner" }, path: () => "/nodes" },
  "(app)/organizations/new/page.tsx": { access: { kind: "instance-owner" }, path: () => "/organizations/new" },
  // Outside the app shell: sign-in, setup, invitations, password reset; nothing organization-scoped.
  "page.tsx": { access: { kind: "public" } },
  "setup/page.tsx": { access: { kind: "public" } },
  "sign-in/page.tsx": { access: { kind: "public" } },
  "sign-up/page.tsx": { access: { kind: "public" } },
  "forgot-password/page.tsx": { access: { kind: "public" } },
  "reset-password/page.tsx": { access: { kind: "public" } },
  "invite/[token]/page.tsx": { access: { kind: "public" } },
};

function pageFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return pageFiles(full);
    return name === "page.tsx" ? [relative(APP_DIR, full)] : [];
  });
}

/** Strings only `org`'s data holds (its slug alone is not: a 404 for /o/<slug> echoes the URL). */
const dataOf = (org: TSeededOrg): string[] => [org.name, `www.${org.slug}.test`, `${org.slug}-pool`, `cert.${org.slug}.test`, `@${org.slug}.test`, org.hostId, org.upstreamId, org.certificateId];
/** Markers of `org` in a page's HTML, except those in the URL asked for (a page echoes its own path). */
const leaks = (html: string, org: TSeededOrg, path = "") => dataOf(org).filter((marker) => html.includes(marker) && !path.includes(marker));

/** A PEM private key with its body, also inside JSON or an RSC payload (`\n` escaped); the upload form's hint names the header alone. */
const PEM_PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----(?:\s|\\n|\\r)*[A-Za-z0-9+/=]{40,}/;

let m: TMatrixStack;
let a: TSeededOrg;
let b: TSeededOrg;

async function get(path: string, cookie?: string): Promise<{ status: number; location: string | null; html: string }> {
  const response = await fetch(`${m.stack.webUrl}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
  return { status: response.status, location: response.headers.get("location"), html: await response.text() };
}

beforeAll(async () => {
  m = await startMatrixStack();
  ({ a, b } = m.seed);
});

afterAll(async () => {
  await m?.stop();
});

describe("GUI: every page is in the matrix", () => {
  it("has an entry for each page.tsx under apps/web/src/app, and none for pages that are gone", () => {
    const files = pageFiles(APP_DIR).sort();
    expect(files.filter((file) => !(file in PAGES)), "pages the matrix does not cover").toEqual([]);
    expect(Object.keys(PAGES).filter((file) => !files.includes(file)), "entries for pages that no longer exist").toEqual([]);
  });
});

function expectedFor(page: TPage, role: TRole): number {
  const { access } = page;
  if (access.kind === "signed-in" || access.kind === "public") return 200;
  if (access.kind === "instance-owner") return 404;
  if (access.permission !== "member" && !can(role, access.permission)) return 404;
  return access.redirectsTo ? 307 : 200;
}

describe("GUI: each role of A opens exactly the pages its permissions allow", () => {
  for (const [file, page] of Object.entries(PAGES)) {
    if (!page.path) continue;
    it(file, async () => {
      const failures: string[] = [];
      for (const role of ROLES) {
        const path = page.path!(a);
        const { status, location, html } = await get(path, a.members[role].cookie);
        const expected = expectedFor(page, role);
        if (status !== expected) failures.push(`a:${role} GET ${path}: ${status}, expected ${expected}`);
        if (expected === 307 && page.access.kind === "org" && !location?.endsWith(`/o/${a.slug}${page.access.redirectsTo}`)) failures.push(`a:${role} GET ${path} redirected to ${location}`);
        if (PEM_PRIVATE_KEY.test(html)) failures.push(`a:${role} GET ${path} shows a private key`);
        if (leaks(html, b, path).length > 0) failures.push(`a:${role} GET ${path} shows data of B: ${leaks(html, b, path).join(", ")}`);
      }
      // The instance owner (member of neither A nor B) and a user of no organization.
      for (const [label, cookie] of [["instance owner", m.instanceOwner.cookie], ["outsider", m.outsider.cookie]] as const) {
        const { status, html } = await get(page.path!(a), cookie);
        const expected = page.access.kind === "signed-in" ? 200 : page.access.kind === "instance-owner" && label === "instance owner" ? 200 : 404;
        if (status !== expected) failures.push(`${label} GET ${page.path!(a)}: ${status}, expected ${expected}`);
        const shown = leaks(html, a, page.path!(a));
        if (page.access.kind === "org" && shown.length > 0) failures.push(`${label} GET ${page.path!(a)} shows data of A: ${shown.join(", ")}`);
      }
      // Signed out: sent to sign-in, never shown the page.
      const anonymous = await get(page.path!(a));
      if (anonymous.status === 200) failures.push(`anonymous GET ${page.path!(a)}: 200`);
      expect(failures).toEqual([]);
    });
  }
});

describe("GUI: organization B answers 404 to every role of A", () => {
  it("under B's slug, on every organization page, exactly like a slug that does not exist", async () => {
    const failures: string[] = [];
    const memberIds = ROLES.map((role) => a.members[role].userId);
    const sessionsInB = () => m.seed.db.session.count({ where: { userId: { in: memberIds }, activeOrganizationId: b.id } });
    const before = await sessionsInB();
    for (const [file, page] of Object.entries(PAGES)) {
      if (page.access.kind !== "org" || !page.path) continue;
      for (const role of ROLES) {
        const foreign = await get(page.path(b), a.members[role].cookie);
        const missing = await get(page.path(b).replace(`/o/${b.slug}`, "/o/no-such-org"), a.members[role].cookie);
        if (foreign.status !== 404) failures.push(`${file}: a:${role} GET ${page.path(b)}: ${foreign.status}`);
        if (foreign.status !== missing.status) failures.push(`${file}: a:${role}: B's slug ${foreign.status}, missing slug ${missing.status}`);
        const shown = leaks(foreign.html, b, page.path(b));
        if (shown.length > 0) failures.push(`${file}: a:${role} sees B's data under B's slug: ${shown.join(", ")}`);
      }
    }
    expect(failures).toEqual([]);
    // Visiting an organization page makes it the session's active organization (for "/" and the
    // session-authenticated REST API): never one the user is not in.
    expect(await sessionsInB()).toBe(before);
  });

  it("B's record ids under A's slug, on every [id] page, for every role of A (and A's ids under B's slug for B)", async () => {
    const failures: string[] = [];
    for (const [file, page] of Object.entries(PAGES)) {
      if (!page.foreign) continue;
      for (const [self, other] of [
        [a, b],
        [b, a],
      ] as const) {
        for (const role of ROLES) {
          const { status, html } = await get(page.foreign(self.slug, other), self.members[role].cookie);
          if (status !== 404) failures.push(`${file}: ${self.key}:${role} GET ${page.foreign(self.slug, other)}: ${status}`);
          // The URL holds the foreign id itself; anything else of the other organization is a leak.
          const shown = leaks(html, other, page.foreign(self.slug, other));
          if (shown.length > 0) failures.push(`${file}: ${self.key}:${role} sees ${other.slug}'s record: ${shown.join(", ")}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

describe("GUI: what a page shows stays within the role's permissions", () => {
  it("the instance-level audit tab is the instance owner's alone", async () => {
    for (const role of ROLES) {
      expect((await get(`/o/${a.slug}/audit?scope=instance`, a.members[role].cookie)).status, role).toBe(404);
    }
  });

  // The invitations API needs member:write because "pending invitations reveal email addresses of people
  // who are not members, which the GUI shows only to owners and admins" (api/v1/invitations/route.ts);
  // API tokens are owner/admin only (token:read, permissions.ts). Every page must keep to that.
  it("a pending invitation's email is shown to no role without member:write, on any page of the organization", async () => {
    const email = `secret-invitee-${Date.now()}@example.test`;
    const invited = await fetch(`${m.stack.webUrl}/api/v1/invitations`, {
      method: "POST",
      headers: { authorization: `Bearer ${a.members.owner.apiToken}`, "content-type": "application/json" },
      body: JSON.stringify({ email, role: "viewer" }),
    });
    expect(invited.status).toBe(201);
    const failures: string[] = [];
    for (const role of ROLES) {
      for (const [file, page] of Object.entries(PAGES)) {
        if (page.access.kind !== "org" || !page.path) continue;
        const { status, html } = await get(page.path(a), a.members[role].cookie);
        if (status === 200 && html.includes(email) && !can(role, "member:write")) failures.push(`a:${role} sees the invitee's email on ${file}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("API token names and prefixes are shown to no role without token:read, on any page of the organization", async () => {
    const tokens = await m.seed.db.apiToken.findMany({ where: { organizationId: a.id }, select: { prefix: true } });
    const failures: string[] = [];
    for (const role of ROLES) {
      if (can(role, "token:read")) continue;
      for (const [file, page] of Object.entries(PAGES)) {
        if (page.access.kind !== "org" || !page.path) continue;
        const { status, html } = await get(page.path(a), a.members[role].cookie);
        const shown = tokens.filter((token) => html.includes(token.prefix));
        if (status === 200 && shown.length > 0) failures.push(`a:${role} sees ${shown.length} token prefix(es) on ${file}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
