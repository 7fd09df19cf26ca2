import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { ZNodeReport, type TNodeReport } from "@gatehouse/shared";

/**
 * The control-plane side of the config contract (common brief), in memory: bearer check, applied
 * revision recording, and the long poll that answers 200 with a newer snapshot or 204 after `wait`.
 * `publish` accepts any object with a numeric revision, so tests can publish invalid snapshots.
 */
export class FakeControlPlane {
  readonly token: string;
  readonly appliedReports: number[] = [];
  /** X-Gatehouse-Node-Version of every authenticated request. */
  readonly nodeVersions: Array<string | undefined> = [];
  /** Every valid node report received (POST /api/v1/proxy/report), oldest first. */
  readonly reports: TNodeReport[] = [];
  #snapshot: { revision: number } | undefined;
  #waiters = new Set<{ applied: number | undefined; res: ServerResponse; timer: NodeJS.Timeout }>();
  #server: Server | undefined;

  constructor(token: string) {
    this.token = token;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server!.address() as AddressInfo).port}`;
  }

  get latestApplied(): number | undefined {
    return this.appliedReports.at(-1);
  }

  /** Resolves once the proxy has reported `revision` (or a newer one) applied. */
  async waitForApplied(revision: number): Promise<void> {
    while ((this.latestApplied ?? -1) < revision) await sleep(2);
  }

  async start(port = 0): Promise<void> {
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://control-plane");
      const known = url.pathname === "/api/v1/proxy/config" || (url.pathname === "/api/v1/proxy/report" && req.method === "POST");
      if (!known) {
        res.writeHead(404).end();
        return;
      }
      if (req.headers.authorization !== `Bearer ${this.token}`) {
        res.writeHead(401, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { code: "UNAUTHENTICATED", message: "Unknown node token." } }));
        return;
      }
      if (url.pathname === "/api/v1/proxy/report") {
        this.#receiveReport(req, res);
        return;
      }
      const version = req.headers["x-gatehouse-node-version"];
      this.nodeVersions.push(Array.isArray(version) ? version[0] : version);
      const appliedParam = url.searchParams.get("applied");
      const applied = appliedParam === null ? undefined : Number(appliedParam);
      if (applied !== undefined) this.appliedReports.push(applied);
      if (this.#isNewer(applied)) {
        this.#send(res);
        return;
      }
      const waitSeconds = Math.min(30, Number(url.searchParams.get("wait") ?? 25));
      const waiter = {
        applied,
        res,
        timer: setTimeout(() => {
          this.#waiters.delete(waiter);
          res.writeHead(204).end();
        }, waitSeconds * 1000),
      };
      this.#waiters.add(waiter);
      res.once("close", () => {
        clearTimeout(waiter.timer);
        this.#waiters.delete(waiter);
      });
    });
    this.#server = server;
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  }

  publish(snapshot: { revision: number }): void {
    this.#snapshot = snapshot;
    for (const waiter of [...this.#waiters]) {
      if (!this.#isNewer(waiter.applied)) continue;
      clearTimeout(waiter.timer);
      this.#waiters.delete(waiter);
      this.#send(waiter.res);
    }
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (server === undefined) return;
    this.#server = undefined;
    for (const waiter of this.#waiters) clearTimeout(waiter.timer);
    this.#waiters.clear();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  #receiveReport(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const parsed = ZNodeReport.safeParse(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      if (!parsed.success) {
        res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "BAD_INPUT" } }));
        return;
      }
      this.reports.push(parsed.data);
      res.writeHead(204).end();
    });
  }

  #isNewer(applied: number | undefined): boolean {
    return this.#snapshot !== undefined && (applied === undefined || this.#snapshot.revision > applied);
  }

  #send(res: ServerResponse): void {
    const body = JSON.stringify(this.#snapshot);
    res.writeHead(200, {
      "content-type": "application/json",
      "x-gatehouse-revision": String(this.#snapshot!.revision),
    });
    res.end(body);
  }
}
