import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratedTempDb, type TTempDb } from "../test/temp-db.ts";
import { authenticateNode, listNodes, recordNodeSeen, registerNode } from "./nodes.ts";

let temp: TTempDb;
const TOKEN = "a-node-token-of-plenty-characters-0123456789";

beforeAll(async () => {
  temp = await migratedTempDb();
});

afterAll(async () => {
  await temp.close();
});

describe("proxy nodes", () => {
  it("stores only the sha256 of a node's token and authenticates by it", async () => {
    const { id } = await registerNode(temp.db, "edge-1", TOKEN);

    const rows = await temp.db.$queryRawUnsafe<Record<string, unknown>[]>('SELECT * FROM "ProxyNode"');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).toBe(createHash("sha256").update(TOKEN).digest("hex"));
    expect(JSON.stringify(rows, (_key, value: unknown) => (typeof value === "bigint" ? Number(value) : value))).not.toContain(TOKEN);
    expect(await authenticateNode(temp.db, TOKEN)).toEqual({ id, name: "edge-1" });
    expect(await authenticateNode(temp.db, `${TOKEN}x`)).toBeNull();
    expect(await authenticateNode(temp.db, "")).toBeNull();
  });

  it("re-registering a name replaces its token and keeps its id", async () => {
    const first = await registerNode(temp.db, "edge-2", "first-token-0123456789-0123456789");
    const second = await registerNode(temp.db, "edge-2", "second-token-0123456789-0123456789");

    expect(second.id).toBe(first.id);
    expect(await authenticateNode(temp.db, "first-token-0123456789-0123456789")).toBeNull();
    expect(await authenticateNode(temp.db, "second-token-0123456789-0123456789")).toEqual({ id: first.id, name: "edge-2" });
  });

  it("refuses an empty name or a short token", async () => {
    await expect(registerNode(temp.db, "  ", TOKEN)).rejects.toMatchObject({ code: "BAD_INPUT" });
    await expect(registerNode(temp.db, "edge-3", "short")).rejects.toMatchObject({ code: "BAD_INPUT" });
  });

  it("records when a node was seen and what it applied, and reports it connected for 45 seconds", async () => {
    const { id } = await registerNode(temp.db, "edge-4", "edge-4-token-0123456789-0123456789");
    const neverSeen = (await listNodes(temp.db)).find((node) => node.id === id);
    expect(neverSeen).toMatchObject({ appliedRevision: null, lastSeenAt: null, connected: false });

    await recordNodeSeen(temp.db, id, 7, "0.1.0");
    await recordNodeSeen(temp.db, id, undefined);

    const seen = await temp.db.proxyNode.findUniqueOrThrow({ where: { id } });
    expect(seen).toMatchObject({ appliedRevision: 7, version: "0.1.0" });
    const lastSeenAt = seen.lastSeenAt!;
    const at = (ms: number) => new Date(lastSeenAt.getTime() + ms);
    expect((await listNodes(temp.db, at(44_000))).find((node) => node.id === id)).toEqual({
      id,
      name: "edge-4",
      appliedRevision: 7,
      lastSeenAt,
      version: "0.1.0",
      connected: true,
    });
    expect((await listNodes(temp.db, at(46_000))).find((node) => node.id === id)?.connected).toBe(false);
  });

  it("ignores a node that no longer exists", async () => {
    await expect(recordNodeSeen(temp.db, "gone", 1)).resolves.toBeUndefined();
  });
});
