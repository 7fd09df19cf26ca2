import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Client } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { captureLogs } from "../test/log-capture.ts";
import { accessLogLine, createAccessLog, type TAccessLogLine } from "./access-log.ts";
import { noteHost, noteUpstreamTarget, requestFacts, startRequestFacts } from "./request-facts.ts";

/** A real server whose handler records facts like the proxy does, and logs each response as it closes. */
async function startLoggedServer(
  respond: (req: IncomingMessage, res: ServerResponse) => void,
  onLine: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    startRequestFacts(res, performance.now(), "http");
    res.once("close", () => onLine(req, res));
    respond(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe("access log", () => {
  let dir: string;
  let server: Server | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "gatehouse-access-log-"));
  });
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  it("describes each request on a keep-alive connection with its own byte counts", async () => {
    const lines: TAccessLogLine[] = [];
    const started = await startLoggedServer(
      (req, res) => {
        noteHost(res, "app.test");
        noteUpstreamTarget(res, "http://10.0.0.1:8080");
        req.resume();
        req.on("end", () => res.end(req.url!.startsWith("/big") ? "x".repeat(1000) : "ok"));
      },
      (req, res) => lines.push(accessLogLine(req, res, requestFacts(res)!, 1.23456)),
    );
    server = started.server;
    const client = new Client(started.origin);
    try {
      for (const [pathname, body] of [["/big?q=1", "hello"], ["/small", undefined]] as const) {
        const response = await client.request({ path: pathname, method: body ? "POST" : "GET", body, headers: { host: "App.test:8080" } });
        await response.body.text();
      }
      await expect.poll(() => lines.length).toBe(2);
    } finally {
      await client.close();
    }
    const [big, small] = lines;
    expect(big).toEqual({
      host: "App.test:8080",
      protocol: "HTTP/1.1",
      scheme: "http",
      method: "POST",
      path: "/big?q=1",
      status: 200,
      completed: true,
      durationMs: 1.235,
      upstream: "http://10.0.0.1:8080",
      bytesReceived: expect.any(Number),
      bytesSent: expect.any(Number),
      clientIp: "127.0.0.1",
    });
    expect(small).toMatchObject({ method: "GET", path: "/small" });
    // Each line counts its own request and response, not the connection's running total.
    expect(big!.bytesSent).toBeGreaterThan(1000);
    expect(small!.bytesSent).toBeLessThan(200);
    expect(big!.bytesReceived).toBeGreaterThan(small!.bytesReceived);
  });

  it("logs 499 and completed=false when the client leaves before the answer", async () => {
    const lines: TAccessLogLine[] = [];
    let arrived!: () => void;
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    const started = await startLoggedServer(
      () => arrived(),
      (req, res) => lines.push(accessLogLine(req, res, requestFacts(res)!, 5)),
    );
    server = started.server;
    const client = new Client(started.origin);
    const pending = client.request({ path: "/hang", method: "GET" }).catch(() => undefined);
    await requestArrived;
    await client.destroy();
    await pending;
    await expect.poll(() => lines.length).toBe(1);
    expect(lines[0]).toMatchObject({ status: 499, completed: false, upstream: null });
  });

  it("writes JSON lines to a file through the asynchronous destination, flushed on demand", async () => {
    const file = path.join(dir, "logs", "access.log");
    const accessLog = createAccessLog({ path: file }, captureLogs().logger)!;
    const started = await startLoggedServer(
      (_req, res) => res.end("ok"),
      (req, res) => accessLog.write(req, res, requestFacts(res)!, 2),
    );
    server = started.server;
    const client = new Client(started.origin);
    try {
      for (let i = 0; i < 3; i += 1) await (await client.request({ path: `/n/${i}`, method: "GET" })).body.text();
    } finally {
      await client.close();
    }
    await expect
      .poll(async () => {
        await accessLog.flush();
        return (await readFile(file, "utf8").catch(() => "")).trim().split("\n").filter(Boolean).length;
      })
      .toBe(3);
    await accessLog.close();
    const parsed = (await readFile(file, "utf8")).trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(parsed.map((line) => line.path)).toEqual(["/n/0", "/n/1", "/n/2"]);
    expect(parsed[0]).toMatchObject({ log: "access", method: "GET", status: 200, durationMs: 2 });
    expect(parsed[0]).not.toHaveProperty("level");
    expect(Date.parse(String(parsed[0]!.time))).not.toBeNaN();
  });

  it("is absent when turned off", () => {
    expect(createAccessLog("off", captureLogs().logger)).toBeUndefined();
  });
});
