import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { connect, createServer, type AddressInfo, type Socket } from "node:net";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { ZHeaderEdit, ZLocationAction } from "@gatehouse/shared";
import { compileRespond, sendRespond } from "../../actions/respond.ts";
import { DEFAULT_EDGE_LIMITS, type TEdgeLimits } from "../../limits/edge-limits.ts";
import { compileHeaderPlan } from "../../passes/header-plan.ts";
import { upstreamRequestHeaders } from "../../passes/request-headers.ts";
import { createProxyServer } from "../../server.ts";
import { Http1Pool, type TPlainHandler } from "../../upstream/http1-pool.ts";

const LIMITS: TEdgeLimits = { ...DEFAULT_EDGE_LIMITS, headersTimeoutMs: 300, keepAliveTimeoutMs: 300, maxHeaderBytes: 4096 };

function rawExchange(port: number, request: string, waitMs = 300, halfOpen = false): Promise<{ bytes: string; socket: Socket }> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1", allowHalfOpen: halfOpen });
    let bytes = "";
    socket.on("data", (c: Buffer) => (bytes += c.toString("latin1")));
    socket.on("error", () => {});
    socket.write(request, "latin1");
    setTimeout(() => resolve({ bytes, socket }), waitMs);
  });
}

describe("review: response splitting through config", () => {
  it("respond action contentType with CRLF passes the schema and splits the front's response (node:http refuses it)", async () => {
    const parsed = ZLocationAction.parse({
      type: "respond",
      status: 200,
      body: "legit",
      contentType: "text/plain\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\nX-Poisoned: yes\r\nContent-Length: 4\r\n\r\nevil",
    });
    const action = compileRespond(parsed as Extract<typeof parsed, { type: "respond" }>);
    const handler = (_req: IncomingMessage, res: ServerResponse) => {
      try {
        sendRespond(res, action);
      } catch (error) {
        res.statusCode = 500;
        res.end(`threw ${(error as { code?: string }).code}`);
      }
    };
    const front = createProxyServer(handler, { limits: LIMITS });
    const port = await front.listen(0, "127.0.0.1");
    const { bytes, socket } = await rawExchange(port, "GET / HTTP/1.1\r\nHost: a.test\r\n\r\n");
    socket.destroy();
    console.log("FRONT:", JSON.stringify(bytes));
    // One request, two responses on the wire.
    expect(bytes.match(/HTTP\/1\.1 200 OK\r\n/g)?.length).toBe(2);
    expect(bytes).toContain("X-Poisoned: yes");
    await front.shutdown(100);

    const node = createHttpServer(handler);
    node.listen(0, "127.0.0.1");
    await once(node, "listening");
    const viaNode = await rawExchange((node.address() as AddressInfo).port, "GET / HTTP/1.1\r\nHost: a.test\r\n\r\n");
    viaNode.socket.destroy();
    console.log("NODE:", JSON.stringify(viaNode.bytes));
    expect(viaNode.bytes).toContain("threw ERR_INVALID_CHAR");
    node.close();
  });

  it("a header edit with U+010D U+010A passes the schema and becomes CR LF in the front's head (latin1)", async () => {
    const edit = ZHeaderEdit.parse({ name: "X-Frame", value: "DENY\u010d\u010aSet-Cookie: session=attacker" });
    const plan = compileHeaderPlan({ requestHeaders: [], responseHeaders: [edit], hideServerHeaders: false }, { none: true } as never);
    const front = createProxyServer((_req, res) => {
      res.writeHead(200, [...plan.responseHeaders]);
      res.end("ok");
    }, { limits: LIMITS });
    const port = await front.listen(0, "127.0.0.1");
    const { bytes, socket } = await rawExchange(port, "GET / HTTP/1.1\r\nHost: a.test\r\n\r\n");
    socket.destroy();
    console.log("FRONT:", JSON.stringify(bytes));
    expect(bytes).toContain("\r\nSet-Cookie: session=attacker\r\n");
    await front.shutdown(100);
  });
});

describe("review: request smuggling into the upstream pool", () => {
  it("a request header edit with U+010D U+010A smuggles a second request on the pooled connection", async () => {
    const received: string[] = [];
    const backend = createServer((socket) => {
      socket.on("data", (c: Buffer) => {
        received.push(c.toString("latin1"));
        // Answer each request head we see with a tiny response.
        const heads = c.toString("latin1").split("\r\n\r\n").length - 1;
        for (let i = 0; i < heads; i++) socket.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
      });
      socket.on("error", () => {});
    });
    backend.listen(0, "127.0.0.1");
    await once(backend, "listening");
    const origin = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;

    const edit = ZHeaderEdit.parse({
      name: "X-Tenant",
      value: "a\u010d\u010a\u010d\u010aGET /admin/delete-all HTTP/1.1\u010d\u010aHost: internal\u010d\u010aX-Ignore: x",
    });
    const plan = compileHeaderPlan({ requestHeaders: [edit], responseHeaders: [], hideServerHeaders: false }, { none: true, trusts: () => false } as never);
    const headers = upstreamRequestHeaders(["Host", "a.test"], plan, { remoteAddress: "127.0.0.1", scheme: "http", authority: "a.test", host: "a.test" });

    const pool = new Http1Pool(origin, { connectMs: 1000, keepAliveMs: 5000 });
    const done = new Promise<string>((resolve) => {
      const handler: TPlainHandler = {
        onConnect() {},
        onHeaders(status) {
          resolve(String(status));
          return true;
        },
        onData: () => true,
        onComplete() {},
        onError(error) {
          resolve(`error ${error.message}`);
        },
      };
      pool.dispatch({ method: "GET", path: "/", headers, headersTimeout: 1000, bodyTimeout: 1000 }, handler);
    });
    console.log("pool result", await done);
    await sleep(100);
    const wire = received.join("");
    console.log("BACKEND GOT:", JSON.stringify(wire));
    expect(wire).toContain("\r\n\r\nGET /admin/delete-all HTTP/1.1\r\nHost: internal\r\n");
    await pool.destroy();
    backend.close();
  });
});

describe("review: Connection: close leaves the front connection half-open with no deadline", () => {
  it("keeps reading and serving requests long after a Connection: close response", async () => {
    const seen: string[] = [];
    const front = createProxyServer((req, res) => {
      seen.push(req.url!);
      res.end("ok");
    }, { limits: LIMITS });
    const port = await front.listen(0, "127.0.0.1");
    const socket = connect({ port, host: "127.0.0.1", allowHalfOpen: true });
    await once(socket, "connect");
    let bytes = "";
    let ended = false;
    let closed = false;
    socket.on("data", (c: Buffer) => (bytes += c.toString("latin1")));
    socket.on("end", () => (ended = true));
    socket.on("close", () => (closed = true));
    socket.on("error", (e) => console.log("client error", e.message));
    socket.write("GET /first HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n");
    await sleep(200);
    console.log("after first:", JSON.stringify(bytes), "ended", ended);
    expect(bytes).toContain("Connection: close");
    expect(ended).toBe(true);
    // 10x the header and keep-alive timeouts (300 ms each, sweep every 75 ms).
    await sleep(3000);
    expect(closed).toBe(false);
    socket.write("GET /after-close HTTP/1.1\r\nHost: a.test\r\n\r\n");
    await sleep(200);
    console.log("seen", seen, "closed", closed);
    expect(seen).toEqual(["/first", "/after-close"]);
    socket.destroy();
    await front.shutdown(100);
  });

  it("node:http (for comparison) destroys the connection after the close response", async () => {
    const seen: string[] = [];
    const node = createHttpServer((req, res) => {
      seen.push(req.url!);
      res.end("ok");
    });
    node.listen(0, "127.0.0.1");
    await once(node, "listening");
    const socket = connect({ port: (node.address() as AddressInfo).port, host: "127.0.0.1", allowHalfOpen: true });
    await once(socket, "connect");
    socket.on("error", () => {});
    socket.write("GET /first HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n");
    await sleep(300);
    socket.write("GET /after-close HTTP/1.1\r\nHost: a.test\r\n\r\n");
    await sleep(200);
    expect(seen).toEqual(["/first"]);
    socket.destroy();
    node.close();
  });
});
