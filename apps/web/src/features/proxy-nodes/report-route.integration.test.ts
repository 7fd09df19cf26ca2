import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { databaseFile, orgUpstreams, recordNodeSeen, registerNode, targetHealth, type Db } from "@gatehouse/db";
import { applyMigrations } from "@gatehouse/db/migrate";
import type { TNodeReport } from "@gatehouse/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_ACTOR } from "../../../../../packages/db/test/actor.ts";

// The route handler called as a function against a real, migrated SQLite file (as in the config route test).
const NODE_TOKEN = "node-token-report-0123456789abcdef-0123456789";
const ENDPOINT = "http://gatehouse.test/api/v1/proxy/report";
const ORG = "org_acme";

let dataDir: string;
let db: Db;
let POST: (request: Request) => Promise<Response>;
let maxReportBytes: number;
let nodeId: string;
let upstreamId: string;

function reportRequest(body: BodyInit | null, { token = NODE_TOKEN as string | null, headers = {} as Record<string, string> } = {}): Request {
  const allHeaders = new Headers({ "Content-Type": "application/json", ...headers });
  if (token !== null) allHeaders.set("Authorization", `Bearer ${token}`);
  return new Request(ENDPOINT, { method: "POST", body, headers: allHeaders });
}

function report(targets: TNodeReport["targets"]): string {
  return JSON.stringify({ revision: 3, targets } satisfies TNodeReport);
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "gatehouse-web-report-"));
  process.env.GATEHOUSE_DATA_DIR = dataDir;
  process.env.GATEHOUSE_SECRET = "integration-test-secret-".padEnd(48, "x");
  await applyMigrations(databaseFile(dataDir));

  ({ POST } = await import("@/app/api/v1/proxy/report/route.ts"));
  ({ MAX_REPORT_BYTES: maxReportBytes } = await import("./receive-report.ts"));
  db = (await import("@/server/db.ts")).getDb();

  ({ id: nodeId } = await registerNode(db, "edge-1", NODE_TOKEN));
  await recordNodeSeen(db, nodeId, undefined); // connected: health of disconnected nodes is not shown
  await db.organization.create({ data: { id: ORG, name: "Acme", slug: "acme", createdAt: new Date() } });
  ({ id: upstreamId } = await orgUpstreams(db, ORG, TEST_ACTOR).create({ name: "api-servers", targets: [{ url: "http://127.0.0.1:9001" }, { url: "http://127.0.0.1:9002" }] }));
});

afterAll(async () => {
  await db?.$disconnect();
  await rm(dataDir, { recursive: true, force: true });
});

describe("POST /api/v1/proxy/report", () => {
  it("answers 401 without a token and for a token no node has", async () => {
    for (const token of [null, "not-a-registered-node-token"]) {
      const response = await POST(reportRequest(report([]), { token }));
      expect(response.status).toBe(401);
      expect((await response.json()).error.code).toBe("UNAUTHENTICATED");
    }
  });

  it("answers 400 with the path of each bad field", async () => {
    const bad = JSON.stringify({ revision: -1, targets: [{ upstreamId, url: "http://127.0.0.1:9001", state: "sleepy", lastError: null, inFlight: 0, changedAt: null }] });
    const response = await POST(reportRequest(bad));
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.code).toBe("BAD_INPUT");
    expect(Object.keys(error.fieldErrors).sort()).toEqual(["revision", "targets.0.state"]);
  });

  it("answers 400 for a body that is not JSON", async () => {
    const response = await POST(reportRequest("{not json"));
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/not valid JSON/);
  });

  it("answers 400 for a body over the limit, declared or streamed", async () => {
    const declared = await POST(reportRequest("{}", { headers: { "Content-Length": String(maxReportBytes + 1) } }));
    expect(declared.status).toBe(400);

    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength;
        controller.enqueue(chunk); // never closes: only the limit can end the read
      },
    });
    const streamed = await POST(new Request(ENDPOINT, { method: "POST", body: endless, duplex: "half", headers: { Authorization: `Bearer ${NODE_TOKEN}` } } as RequestInit));
    expect(streamed.status).toBe(400);
    expect((await streamed.json()).error.message).toMatch(/larger than/);
    expect(sent).toBeLessThan(maxReportBytes + 4 * chunk.byteLength);
  });

  it("stores a report (204) and replaces it with the next one", async () => {
    const changedAt = new Date("2026-01-02T03:04:05.000Z").toISOString();
    const first = await POST(
      reportRequest(
        report([
          { upstreamId, url: "http://127.0.0.1:9001", state: "up", lastError: null, inFlight: 2, changedAt },
          { upstreamId, url: "http://127.0.0.1:9002", state: "down", lastError: "connect ECONNREFUSED 127.0.0.1:9002", inFlight: 0, changedAt },
        ]),
      ),
    );
    expect(first.status).toBe(204);
    expect(await first.text()).toBe("");
    expect(await targetHealth(db, ORG)).toEqual([
      { upstreamId, url: "http://127.0.0.1:9001", nodes: [expect.objectContaining({ nodeName: "edge-1", state: "up", inFlight: 2, lastError: null })] },
      {
        upstreamId,
        url: "http://127.0.0.1:9002",
        nodes: [expect.objectContaining({ nodeName: "edge-1", state: "down", lastError: "connect ECONNREFUSED 127.0.0.1:9002", changedAt: new Date(changedAt) })],
      },
    ]);

    const second = await POST(reportRequest(report([{ upstreamId, url: "http://127.0.0.1:9002", state: "up", lastError: null, inFlight: 0, changedAt }])));
    expect(second.status).toBe(204);
    const health = await targetHealth(db, ORG);
    expect(health.map((target) => [target.url, target.nodes.map((node) => node.state)])).toEqual([["http://127.0.0.1:9002", ["up"]]]);
  });
});
