import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratedTempDb, insertOrganization, type TTempDb } from "../test/temp-db.ts";
import { databaseFile } from "./client.ts";

let temp: TTempDb;

beforeAll(async () => {
  temp = await migratedTempDb();
});

afterAll(async () => {
  await temp.close();
});

describe("databaseFile", () => {
  it("is gatehouse.db inside the absolute data dir", () => {
    expect(databaseFile("/srv/gatehouse")).toBe("/srv/gatehouse/gatehouse.db");
    expect(databaseFile("data")).toBe(join(process.cwd(), "data", "gatehouse.db"));
  });
});

describe("createDb", () => {
  it("runs SQLite in WAL mode with a busy timeout and foreign keys enforced", async () => {
    const [journal] = await temp.db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    const [busy] = await temp.db.$queryRawUnsafe<{ timeout: bigint }[]>("PRAGMA busy_timeout");
    const [foreignKeys] = await temp.db.$queryRawUnsafe<{ foreign_keys: bigint }[]>("PRAGMA foreign_keys");

    expect(journal?.journal_mode).toBe("wal");
    expect(Number(busy?.timeout)).toBe(5000);
    expect(Number(foreignKeys?.foreign_keys)).toBe(1);
  });

  it("lets the database refuse a domain row whose organization differs from its host's", async () => {
    const { db } = temp;
    const orgA = await insertOrganization(db, "a");
    const orgB = await insertOrganization(db, "b");
    const host = await db.host.create({ data: { organizationId: orgA, revision: 1 } });

    await expect(
      db.hostDomain.create({ data: { hostId: host.id, organizationId: orgB, domain: "cross.example.com", position: 0 } }),
    ).rejects.toThrow(/Foreign key constraint/i);
  });

  it("lets the database refuse a location that uses another organization's upstream", async () => {
    const { db } = temp;
    const orgA = await insertOrganization(db, "la");
    const orgB = await insertOrganization(db, "lb");
    const foreign = await db.upstream.create({ data: { organizationId: orgB, name: "b", targets: { create: [{ url: "http://10.0.0.1" }] } } });
    const host = await db.host.create({ data: { organizationId: orgA, revision: 1 } });

    await expect(
      db.location.create({ data: { hostId: host.id, organizationId: orgA, path: "/", position: 0, actionType: "proxy", upstreamId: foreign.id } }),
    ).rejects.toThrow(/Foreign key constraint/i);
  });
});

describe("where guard", () => {
  it("refuses many-row operations on tenant-owned models without a where clause", async () => {
    const { db } = temp;
    await expect(db.host.findMany()).rejects.toThrow(/without a where clause/);
    await expect(db.host.deleteMany({})).rejects.toThrow(/without a where clause/);
    await expect(db.hostDomain.deleteMany()).rejects.toThrow(/without a where clause/);
    await expect(db.upstream.updateMany({ data: { name: "x" } })).rejects.toThrow(/without a where clause/);
    await expect(db.upstreamTarget.findMany({ where: {} })).rejects.toThrow(/without a where clause/);
    await expect(db.location.deleteMany()).rejects.toThrow(/without a where clause/);
    await expect(db.targetHealth.findMany()).rejects.toThrow(/without a where clause/);
    await expect(db.certificate.findMany()).rejects.toThrow(/without a where clause/);
    await expect(db.certificateEvent.deleteMany({})).rejects.toThrow(/without a where clause/);
    await expect(db.acmeChallenge.updateMany({ data: { token: "x" } })).rejects.toThrow(/without a where clause/);
  });

  it("treats a where clause whose only filter is undefined as missing", async () => {
    const organizationId: string | undefined = undefined;
    await expect(temp.db.host.deleteMany({ where: { organizationId } })).rejects.toThrow(/without a where clause/);
  });

  it("also applies inside transactions", async () => {
    await expect(temp.db.$transaction((tx) => tx.host.findMany())).rejects.toThrow(/without a where clause/);
  });

  it("lets scoped queries and other models through", async () => {
    const { db } = temp;
    const organizationId = await insertOrganization(db, "scoped");
    await expect(db.host.findMany({ where: { organizationId } })).resolves.toEqual([]);
    await expect(db.proxyNode.findMany()).resolves.toEqual([]);
  });
});
