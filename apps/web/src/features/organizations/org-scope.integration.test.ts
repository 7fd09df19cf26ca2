import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { databaseFile, membershipBySlug, orgHosts, type Db } from "@gatehouse/db";
import { applyMigrations } from "@gatehouse/db/migrate";
import type { TFormState } from "@/lib/form-state.ts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { TEST_ACTOR } from "../../../../../packages/db/test/actor.ts";

// The session is the one stand-in (who is signed in); the membership lookup by slug, the action
// wrapper, the permission matrix and the org-scoped data layer are the real code on a real SQLite file.
const session = vi.hoisted(() => ({ userId: null as string | null, db: null as unknown }));
vi.mock("@/server/session.ts", () => ({
  getViewer: async () => (session.userId ? { user: { id: session.userId, name: "", email: "" }, activeOrganizationId: null } : null),
  getMembership: async (slug: string) => (session.userId ? membershipBySlug(session.db as Db, session.userId, slug) : null),
  currentActor: async () => (session.userId ? { userId: session.userId, tokenId: null, label: session.userId, ip: "127.0.0.1" } : null),
}));

type TOrgAction = (organizationSlug: string, previous: TFormState, formData: FormData) => Promise<TFormState>;

let dataDir: string;
let db: Db;
let deleteHost: TOrgAction;
const hostIds: Record<string, string> = {};

const idForm = (id: string) => {
  const formData = new FormData();
  formData.set("id", id);
  return formData;
};
const NOT_MEMBER = { ok: false, message: "This organization does not exist, or you are not a member of it." };

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "gatehouse-web-org-scope-"));
  process.env.GATEHOUSE_DATA_DIR = dataDir;
  process.env.GATEHOUSE_SECRET = "integration-test-secret-".padEnd(48, "x");
  await applyMigrations(databaseFile(dataDir));
  db = (await import("@/server/db.ts")).getDb();
  session.db = db;
  ({ deleteHost } = await import("@/features/hosts/actions.ts"));
  const now = new Date();
  await db.user.create({ data: { id: "u-ada", name: "Ada", email: "ada@example.test", emailVerified: true, createdAt: now, updatedAt: now } });
  for (const slug of ["alpha", "beta", "gamma"]) {
    await db.organization.create({ data: { id: `org-${slug}`, name: slug, slug, createdAt: now } });
    const host = await orgHosts(db, `org-${slug}`, TEST_ACTOR).create({ domains: [`${slug}.example.com`], locations: [{ path: "/", action: { type: "respond", status: 204, body: "" } }] });
    hostIds[slug] = host.id;
  }
  // Ada is an owner in alpha and an editor in beta; gamma is someone else's.
  await db.member.create({ data: { id: "m-alpha", organizationId: "org-alpha", userId: "u-ada", role: "owner", createdAt: now } });
  await db.member.create({ data: { id: "m-beta", organizationId: "org-beta", userId: "u-ada", role: "editor", createdAt: now } });
});

afterAll(async () => {
  await db?.$disconnect();
  await rm(dataDir, { recursive: true, force: true });
});

describe("organization actions take their organization from the bound slug", () => {
  it("refuses an organization the user is not in, and one that does not exist, with the same NOT_FOUND", async () => {
    session.userId = "u-ada";
    expect(await deleteHost("gamma", { ok: true }, idForm(hostIds.gamma!))).toMatchObject(NOT_MEMBER);
    expect(await deleteHost("no-such-org", { ok: true }, idForm(hostIds.gamma!))).toMatchObject(NOT_MEMBER);
    expect(await orgHosts(db, "org-gamma").get(hostIds.gamma!)).toMatchObject({ domains: ["gamma.example.com"] });
  });

  it("treats another organization's record id as not found, even in an organization the user is in", async () => {
    session.userId = "u-ada";
    const state = await deleteHost("alpha", { ok: true }, idForm(hostIds.beta!));
    expect(state).toMatchObject({ ok: false });
    expect(await orgHosts(db, "org-beta").get(hostIds.beta!)).toMatchObject({ domains: ["beta.example.com"] });
  });

  it("refuses a signed-out caller whatever the slug", async () => {
    session.userId = null;
    expect(await deleteHost("alpha", { ok: true }, idForm(hostIds.alpha!))).toMatchObject({ ok: false, message: "Your session has ended. Sign in again to continue." });
  });

  it("lists each organization's own hosts under its slug", async () => {
    session.userId = "u-ada";
    const alpha = await membershipBySlug(db, "u-ada", "alpha");
    const beta = await membershipBySlug(db, "u-ada", "beta");
    expect(alpha).toMatchObject({ organizationId: "org-alpha", role: "owner" });
    expect(beta).toMatchObject({ organizationId: "org-beta", role: "editor" });
    expect((await orgHosts(db, alpha!.organizationId).list()).map((host) => host.domains)).toEqual([["alpha.example.com"]]);
    expect((await orgHosts(db, beta!.organizationId).list()).map((host) => host.domains)).toEqual([["beta.example.com"]]);
  });
});
