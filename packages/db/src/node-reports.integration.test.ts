import type { TNodeReport, TTargetHealthReport } from "@gatehouse/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backendHost } from "../test/host-inputs.ts";
import { rejection } from "../test/rejection.ts";
import { insertOrganization, migratedTempDb, type TTempDb } from "../test/temp-db.ts";
import { orgHosts } from "./hosts/org-hosts.ts";
import { recordNodeReport, targetHealth } from "./node-reports.ts";
import { recordNodeSeen, registerNode } from "./nodes.ts";
import { currentRevision } from "./revision.ts";
import { orgUpstreams } from "./upstreams/org-upstreams.ts";
import { TEST_ACTOR } from "../test/actor.ts";

let temp: TTempDb;
let orgA: string;
let orgB: string;
let sharedA: string;
let privateA: string;
let sharedB: string;

beforeAll(async () => {
  temp = await migratedTempDb();
  orgA = await insertOrganization(temp.db, "alpha");
  orgB = await insertOrganization(temp.db, "beta");
  sharedA = (await orgUpstreams(temp.db, orgA, TEST_ACTOR).create({ name: "pool", targets: [{ url: "http://10.0.0.1" }, { url: "http://10.0.0.2" }] })).id;
  const host = await orgHosts(temp.db, orgA, TEST_ACTOR).create(backendHost(["a.example.com"], "http://10.0.0.9"));
  privateA = host.locations[0]!.action.type === "proxy" ? host.locations[0]!.action.upstreamId : "";
  sharedB = (await orgUpstreams(temp.db, orgB, TEST_ACTOR).create({ name: "pool", targets: [{ url: "http://10.1.0.1" }] })).id;
});

afterAll(async () => {
  await temp.close();
});

function target(upstreamId: string, url: string, state: TTargetHealthReport["state"], extra: Partial<TTargetHealthReport> = {}): TTargetHealthReport {
  return { upstreamId, url, state, lastError: null, inFlight: 0, changedAt: null, ...extra };
}

async function connectedNode(name: string): Promise<string> {
  const { id } = await registerNode(temp.db, name, `${name}-token-0123456789-0123456789-0123456789`);
  await recordNodeSeen(temp.db, id, undefined);
  return id;
}

describe("node reports", () => {
  it("stores a report per node, scoped to each upstream's organization, without a revision bump", async () => {
    const edge1 = await connectedNode("edge-1");
    const edge2 = await connectedNode("edge-2");
    const revision = await currentRevision(temp.db);
    const report = (targets: TTargetHealthReport[]): TNodeReport => ({ revision, targets });

    await recordNodeReport(
      temp.db,
      edge1,
      report([
        target(sharedA, "http://10.0.0.1", "up", { inFlight: 4, changedAt: "2026-11-29T10:00:00.000Z" }),
        target(sharedA, "http://10.0.0.2", "down", { lastError: "connect ECONNREFUSED 10.0.0.2:80" }),
        target(privateA, "http://10.0.0.9", "unknown"),
        target(sharedB, "http://10.1.0.1", "up"),
        target("deleted-upstream", "http://10.9.9.9", "up"),
      ]),
    );
    await recordNodeReport(temp.db, edge2, report([target(sharedA, "http://10.0.0.1", "down", { lastError: "timeout" })]));

    const health = await targetHealth(temp.db, orgA);
    expect(health.map((entry) => [entry.upstreamId, entry.url, entry.nodes.map((node) => `${node.nodeName}:${node.state}`)])).toEqual(
      [
        [sharedA, "http://10.0.0.1", ["edge-1:up", "edge-2:down"]],
        [sharedA, "http://10.0.0.2", ["edge-1:down"]],
        [privateA, "http://10.0.0.9", ["edge-1:unknown"]],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    const first = health.find((entry) => entry.url === "http://10.0.0.1")!.nodes[0]!;
    expect(first).toMatchObject({ nodeName: "edge-1", lastError: null, inFlight: 4, changedAt: new Date("2026-11-29T10:00:00.000Z") });
    expect(first.reportedAt).toBeInstanceOf(Date);
    expect(await targetHealth(temp.db, orgB)).toMatchObject([{ upstreamId: sharedB, url: "http://10.1.0.1", nodes: [{ nodeName: "edge-1", state: "up" }] }]);
    expect(await temp.db.targetHealth.count({ where: { upstreamId: "deleted-upstream" } })).toBe(0);
    expect(await currentRevision(temp.db)).toBe(revision);

    // The next report replaces the node's rows rather than adding to them.
    await recordNodeReport(temp.db, edge1, report([target(sharedB, "http://10.1.0.1", "down")]));
    expect((await targetHealth(temp.db, orgA)).map((entry) => entry.nodes.map((node) => node.nodeName))).toEqual([["edge-2"]]);
    expect((await targetHealth(temp.db, orgB))[0]?.nodes[0]?.state).toBe("down");
  });

  it("shows only nodes that are connected now", async () => {
    const quiet = await connectedNode("quiet");
    await recordNodeReport(temp.db, quiet, { revision: null, targets: [target(sharedB, "http://10.1.0.1", "up")] });
    const { lastSeenAt } = await temp.db.proxyNode.findUniqueOrThrow({ where: { id: quiet } });

    const names = async (at: Date) => (await targetHealth(temp.db, orgB, at)).flatMap((entry) => entry.nodes.map((node) => node.nodeName));
    expect(await names(new Date(lastSeenAt!.getTime() + 44_000))).toContain("quiet");
    expect(await names(new Date(lastSeenAt!.getTime() + 46_000))).not.toContain("quiet");

    const neverSeen = await registerNode(temp.db, "never-seen", "never-seen-token-0123456789-0123456789");
    await recordNodeReport(temp.db, neverSeen.id, { revision: null, targets: [target(sharedB, "http://10.1.0.1", "up")] });
    expect(await names(new Date())).not.toContain("never-seen");
  });

  it("drops rows with their upstream, ignores a removed node, and refuses a malformed report", async () => {
    const node = await connectedNode("edge-gone");
    const doomed = await orgUpstreams(temp.db, orgA, TEST_ACTOR).create({ name: "doomed", targets: [{ url: "http://10.0.0.7" }] });
    await recordNodeReport(temp.db, node, { revision: 1, targets: [target(doomed.id, "http://10.0.0.7", "up")] });

    await orgUpstreams(temp.db, orgA, TEST_ACTOR).remove(doomed.id);
    expect(await temp.db.targetHealth.count({ where: { upstreamId: doomed.id } })).toBe(0);
    await expect(recordNodeReport(temp.db, "no-such-node", { revision: 1, targets: [] })).resolves.toBeUndefined();
    const malformed = { revision: 1, targets: [{ ...target(sharedA, "http://10.0.0.1", "up"), state: "sideways" }] } as unknown as TNodeReport;
    expect((await rejection(recordNodeReport(temp.db, node, malformed))).code).toBe("BAD_INPUT");
  });
});
