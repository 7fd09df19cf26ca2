import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDb, databaseFile, recordNodeSeen, registerNode, type Db } from "@gatehouse/db";
import { applyMigrations } from "@gatehouse/db/migrate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitForProxies } from "./proxy-propagation.ts";

let dataDir: string;
let db: Db;
const never = new AbortController().signal;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "gatehouse-propagation-"));
  await applyMigrations(databaseFile(dataDir));
  db = createDb(databaseFile(dataDir));
});

afterAll(async () => {
  await db?.$disconnect();
  await rm(dataDir, { recursive: true, force: true });
});

describe("waitForProxies", () => {
  it("answers no-proxy at once when no node is connected", async () => {
    await registerNode(db, "never-seen", "never-seen-node-token-0123456789abcdef");
    await expect(waitForProxies(db, 5, 60_000, never)).resolves.toBe("no-proxy");
  });

  it("waits until every connected node has applied the revision", async () => {
    const [{ id: first }, { id: second }] = [
      await registerNode(db, "edge-1", "edge-one-node-token-0123456789abcdef"),
      await registerNode(db, "edge-2", "edge-two-node-token-0123456789abcdef"),
    ];
    await recordNodeSeen(db, first, 4);
    await recordNodeSeen(db, second, 4);
    let settled: string | undefined;
    const waiting = waitForProxies(db, 5, 60_000, never).then((state) => (settled = state));

    await recordNodeSeen(db, first, 5);
    await new Promise((resolve) => setTimeout(resolve, 600)); // more than two polls
    expect(settled).toBeUndefined();
    await recordNodeSeen(db, second, 6);
    await expect(waiting).resolves.toBe("live");
  });

  it("gives up with timeout while a connected node stays behind, or when stopped", async () => {
    await expect(waitForProxies(db, 99, 300, never)).resolves.toBe("timeout");
    const stopping = new AbortController();
    const waiting = waitForProxies(db, 99, 60_000, stopping.signal);
    stopping.abort();
    await expect(waiting).resolves.toBe("timeout");
  });
});
