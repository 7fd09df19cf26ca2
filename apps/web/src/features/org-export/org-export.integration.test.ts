import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { databaseFile, orgHosts, orgUpstreams, type Db } from "@gatehouse/db";
import { applyMigrations } from "@gatehouse/db/migrate";
import { ZOrgExport, type TOrgExport } from "@gatehouse/shared";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { TMembershipView } from "@gatehouse/db";
import type { TImportState } from "./actions.ts";
import { TEST_ACTOR } from "../../../../../packages/db/test/actor.ts";

// The session is the one stand-in: who is signed in, with which role. Everything after it (the action
// wrapper, the permission matrix, the database) is the real code on a real SQLite file.
// The signed-in user is a member of the "transfer" organization only.
const session = vi.hoisted(() => ({ membership: null as TMembershipView | null }));
vi.mock("@/server/session.ts", () => ({
  currentActor: async () => (session.membership ? { userId: session.membership.userId, tokenId: null, label: session.membership.userId, ip: "127.0.0.1" } : null),
  getViewer: async () => (session.membership ? { user: { id: session.membership.userId, name: "", email: "" }, activeOrganizationId: session.membership.organizationId } : null),
  getMembership: async (slug: string) => (session.membership?.organizationSlug === slug ? session.membership : null),
  homeMembership: async () => session.membership,
}));

const ORG = "org_transfer";
let dataDir: string;
let db: Db;
let GET: (request: Request) => Promise<Response>;
let importOrganization: (organizationSlug: string, previous: TImportState, formData: FormData) => Promise<TImportState>;

const as = (role: string) => {
  session.membership = { userId: `user-${role}`, organizationId: ORG, organizationSlug: "transfer", organizationName: "Transfer", role };
};

function importForm(document: string, mode: "check" | "apply"): FormData {
  const formData = new FormData();
  formData.set("document", document);
  formData.set("mode", mode);
  return formData;
}

const runImport = (document: string, mode: "check" | "apply", slug = "transfer") => importOrganization(slug, { ok: true, result: null }, importForm(document, mode));
const exportRequest = (query = "?org=transfer") => GET(new Request(`http://gatehouse.test/api/v1/organization/export${query}`));

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "gatehouse-web-export-"));
  process.env.GATEHOUSE_DATA_DIR = dataDir;
  process.env.GATEHOUSE_SECRET = "integration-test-secret-".padEnd(48, "x");
  await applyMigrations(databaseFile(dataDir));
  ({ GET } = await import("@/app/api/v1/organization/export/route.ts"));
  ({ importOrganization } = await import("./actions.ts"));
  db = (await import("@/server/db.ts")).getDb();
  await db.organization.create({ data: { id: ORG, name: "Transfer", slug: "transfer", createdAt: new Date() } });
  const pool = await orgUpstreams(db, ORG, TEST_ACTOR).create({ name: "pool", targets: [{ url: "http://10.0.0.1:80" }] });
  await orgHosts(db, ORG, TEST_ACTOR).create({ domains: ["transfer.example.com"], locations: [{ path: "/", action: { type: "proxy", upstreamId: pool.id } }] });
});

afterAll(async () => {
  await db?.$disconnect();
  await rm(dataDir, { recursive: true, force: true });
});

async function exportedDocument(): Promise<TOrgExport> {
  as("admin");
  const response = await exportRequest();
  expect(response.status).toBe(200);
  return ZOrgExport.parse(await response.json());
}

describe("organization export and import actions", () => {
  it("an admin downloads the export as a JSON attachment named after the organization", async () => {
    as("admin");
    const response = await exportRequest("?org=transfer&keys=1");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="gatehouse-transfer-\d{4}-\d{2}-\d{2}-with-keys\.json"$/);
    const document = ZOrgExport.parse(await response.json());
    expect(document.hosts.map((host) => host.domains)).toEqual([["transfer.example.com"]]);
  });

  it("an admin's dry run of the organization's own export finds everything unchanged", async () => {
    const document = JSON.stringify(await exportedDocument());
    as("admin");
    const state = await runImport(document, "check");
    expect(state.ok).toBe(true);
    expect(state.result).toMatchObject({ applied: false, create: [], change: [], refuse: [] });
    expect(state.result?.unchanged).toEqual([
      { kind: "upstream", name: "pool" },
      { kind: "host", name: "transfer.example.com" },
    ]);
  });

  it("a viewer and an editor can neither export nor import, and nothing is written", async () => {
    const exported = await exportedDocument();
    const edited = JSON.stringify({ ...exported, upstreams: [...exported.upstreams, { name: "sneaky", targets: [{ url: "http://10.6.6.6:80" }] }] });
    for (const role of ["viewer", "editor"]) {
      as(role);
      const response = await exportRequest("?org=transfer&keys=1");
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ error: { code: "FORBIDDEN", message: "Your role in this organization does not allow this. Ask an owner or admin." } });
      for (const mode of ["check", "apply"] as const) {
        const state = await runImport(edited, mode);
        expect(state).toMatchObject({ ok: false, message: "Your role in this organization does not allow this. Ask an owner or admin.", result: null });
      }
    }
    expect(await db.upstream.count({ where: { organizationId: ORG, name: "sneaky" } })).toBe(0);
    expect(await db.auditEvent.count({ where: { organizationId: ORG, action: "import.apply" } })).toBe(0);
    as("owner");
    expect((await runImport(edited, "check")).result?.create).toEqual([{ kind: "upstream", name: "sneaky" }]);
  });

  it("an organization the user is not in (or that does not exist) is not found, for export and import alike", async () => {
    const document = JSON.stringify(await exportedDocument());
    as("owner");
    const response = await exportRequest("?org=someone-else");
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
    expect(await runImport(document, "apply", "someone-else")).toMatchObject({ ok: false, message: "This organization does not exist, or you are not a member of it.", result: null });
    // Naming no organization exports the session's active one, as the rest of the session API does.
    expect((await exportRequest("")).status).toBe(200);
  });

  it("says what is wrong with a file that is not an export, without echoing it back", async () => {
    as("admin");
    const notJson = await runImport("-----BEGIN PRIVATE KEY----- not json", "check");
    expect(notJson).toMatchObject({ ok: false, message: "This file is not JSON, so it is not a Gatehouse organization export. Choose a file made with Export.", values: {} });
    const newer = await runImport(JSON.stringify({ ...(await exportedDocument()), version: 2 }), "apply");
    expect(newer).toMatchObject({ ok: false, result: null });
    expect(newer.ok ? "" : newer.message).toMatch(/^This export is version 2; this Gatehouse imports version 1 only/);
  });

  it("an admin's applied import is recorded in the audit log as them, with the address the request came from", async () => {
    const exported = await exportedDocument();
    as("admin");
    const state = await runImport(JSON.stringify({ ...exported, upstreams: [...exported.upstreams, { name: "added", targets: [{ url: "http://10.0.0.7:80" }] }] }), "apply");
    expect(state.ok).toBe(true);
    const entries = await db.auditEvent.findMany({ where: { organizationId: ORG, action: "import.apply" } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorUserId: "user-admin", ip: "127.0.0.1", targetLabel: "1 created, 0 changed" });
  });
});
