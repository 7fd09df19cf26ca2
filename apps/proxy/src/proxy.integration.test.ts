import { connect, createServer as createNetServer, type AddressInfo, type Server as NetServer } from "node:net";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEchoBackend, unusedPort, type TEcho, type TTestBackend } from "../test/backends.ts";
import { httpRequest, rawRequest } from "../test/http-client.ts";
import { snapshot } from "../test/snapshots.ts";
import { startTestProxy, type TTestProxy } from "../test/start-proxy.ts";

/**
 * A backend that answers every request with a fixed raw response full of hop-by-hop fields, the
 * way a misbehaving or foreign server might. Raw, because Node's server would rewrite some of them.
 */
async function startRawHopByHopBackend(): Promise<{ origin: string; server: NetServer }> {
  const response = [
    "HTTP/1.1 200 OK",
    "Connection: keep-alive, X-Internal-Token",
    "X-Internal-Token: backend-secret",
    "Keep-Alive: timeout=5",
    "Proxy-Authenticate: Basic realm=backend",
    "Proxy-Connection: keep-alive",
    "Trailer: X-Checksum",
    "Upgrade: h2c",
    "Set-Cookie: a=1",
    "Set-Cookie: b=2",
    "X-Kept: yes",
    "Transfer-Encoding: chunked",
    "",
    "5",
    "hello",
    "0",
    "",
    "",
  ].join("\r\n");
  const server = createNetServer((socket) => {
    let received = "";
    socket.on("data", (chunk) => {
      received += chunk.toString("latin1");
      while (received.includes("\r\n\r\n")) {
        received = received.slice(received.indexOf("\r\n\r\n") + 4);
        socket.write(response);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe("proxying by Host", () => {
  let backendA: TTestBackend;
  let backendB: TTestBackend;
  let hopByHop: { origin: string; server: NetServer };
  let proxy: TTestProxy;
  let configDir: string;

  beforeAll(async () => {
    [backendA, backendB, hopByHop] = await Promise.all([
      startEchoBackend("A"),
      startEchoBackend("B"),
      startRawHopByHopBackend(),
    ]);
    configDir = await mkdtemp(path.join(os.tmpdir(), "gatehouse-proxy-config-"));
    const configFile = path.join(configDir, "snapshot.json");
    await writeFile(
      configFile,
      JSON.stringify(
        snapshot(1, {
          "a.test": backendA.origin,
          "b.test": backendB.origin,
          "hop.test": hopByHop.origin,
          "down.test": `http://127.0.0.1:${await unusedPort()}`,
        }),
      ),
    );
    proxy = await startTestProxy({ kind: "file", path: configFile });
  });

  afterAll(async () => {
    await proxy?.close();
    await Promise.all([backendA?.close(), backendB?.close(), new Promise((resolve) => hopByHop?.server.close(resolve))]);
    await rm(configDir, { recursive: true, force: true });
  });

  it("sends each Host to its own backend with method, path, query, body and Host preserved", async () => {
    const a = await httpRequest(proxy.node.url, { path: "/one?x=1&y=%2F", headers: { host: "a.test" } });
    const b = await httpRequest(proxy.node.url, {
      path: "/two",
      method: "POST",
      headers: { host: "B.Test.:8080", "content-type": "text/plain" },
      body: "payload",
    });
    expect(a.status).toBe(200);
    expect(JSON.parse(a.body)).toMatchObject({ backend: "A", method: "GET", url: "/one?x=1&y=%2F", headers: { host: "a.test" } });
    expect(JSON.parse(b.body)).toMatchObject({
      backend: "B",
      method: "POST",
      url: "/two",
      body: "payload",
      headers: { host: "B.Test.:8080", "content-length": "7", "content-type": "text/plain" },
    });
  });

  it("replaces client X-Forwarded-* with its own", async () => {
    const response = await httpRequest(proxy.node.url, {
      headers: {
        host: "a.test",
        "x-forwarded-for": "6.6.6.6",
        "x-forwarded-host": "evil.test",
        "x-forwarded-proto": "https",
        forwarded: "for=6.6.6.6",
      },
    });
    const echo = JSON.parse(response.body) as TEcho;
    expect(echo.headers).toMatchObject({
      "x-forwarded-for": "127.0.0.1",
      "x-forwarded-proto": "http",
      "x-forwarded-host": "a.test",
    });
    expect(echo.headers.forwarded).toBeUndefined();
  });

  it("strips hop-by-hop and Connection-listed fields from the request", async () => {
    const response = await httpRequest(proxy.node.url, {
      method: "POST",
      headers: {
        host: "a.test",
        connection: "keep-alive, X-Client-Secret",
        "x-client-secret": "client-secret",
        "keep-alive": "timeout=99",
        "proxy-connection": "keep-alive",
        "proxy-authorization": "Basic dXNlcjpwYXNz",
        te: "trailers",
        trailer: "X-Checksum",
        upgrade: "websocket",
        "x-end-to-end": "kept",
        "transfer-encoding": "chunked",
      },
      body: "chunked body",
    });
    const echo = JSON.parse(response.body) as TEcho;
    for (const name of ["x-client-secret", "keep-alive", "proxy-connection", "proxy-authorization", "te", "trailer", "upgrade"]) {
      expect(echo.headers[name], name).toBeUndefined();
    }
    expect(echo.headers.connection).toBe("keep-alive");
    expect(echo.headers["x-end-to-end"]).toBe("kept");
    // Re-framed by the proxy's own client, not copied from the client.
    expect(echo.body).toBe("chunked body");
  });

  it("strips hop-by-hop and Connection-listed fields from the response and re-frames the body", async () => {
    const response = await httpRequest(proxy.node.url, { headers: { host: "hop.test" } });
    expect(response.status).toBe(200);
    expect(response.body).toBe("hello");
    for (const name of ["x-internal-token", "proxy-authenticate", "proxy-connection", "trailer", "upgrade"]) {
      expect(response.headers[name], name).toBeUndefined();
    }
    // The test client asked for Connection: close; what the client sees is the proxy's own answer.
    expect(response.headers["keep-alive"]).toBeUndefined();
    expect(response.headers.connection).toBe("close");
    expect(response.headers["set-cookie"]).toEqual(["a=1", "b=2"]);
    expect(response.headers["x-kept"]).toBe("yes");
  });

  it("answers 404 with a page naming the unknown host", async () => {
    const response = await httpRequest(proxy.node.url, { headers: { host: "Nowhere.Test:8080" } });
    expect(response.status).toBe(404);
    expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(response.body).toContain("No site is configured for nowhere.test");
  });

  it("answers 502 with a page when the backend is unreachable", async () => {
    const response = await httpRequest(proxy.node.url, { headers: { host: "down.test" } });
    expect(response.status).toBe(502);
    expect(response.body).toContain("could not be reached");
    const [logged] = proxy.logs.find("upstream request failed");
    expect(logged).toMatchObject({ host: "down.test" });
  });

  it("answers 400 without echoing an unusable Host", async () => {
    const port = proxy.node.port;
    const noHost = await rawRequest(port, "GET / HTTP/1.0\r\n\r\n");
    expect(noHost).toMatch(/^HTTP\/1\.1 400 /);
    expect(noHost).toContain("no usable Host header");
    const twoHosts = await rawRequest(port, "GET / HTTP/1.1\r\nHost: a.test\r\nHost: b.test\r\nConnection: close\r\n\r\n");
    expect(twoHosts).toMatch(/^HTTP\/1\.1 400 /);
    const markup = await rawRequest(port, "GET / HTTP/1.1\r\nHost: <script>x</script>\r\nConnection: close\r\n\r\n");
    expect(markup).toMatch(/^HTTP\/1\.1 400 /);
    expect(markup).not.toContain("<script>x");
  });

  // `Content-Length: 002` and an absolute-form authority that differs from Host are refused with a
  // 400 now: see smuggling.integration.test.ts.
  it("forwards an absolute-form request in origin form when its authority agrees with Host", async () => {
    const response = await rawRequest(
      proxy.node.port,
      "GET http://A.test:80/abs?q=1 HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n",
    );
    const body = response.slice(response.indexOf("\r\n\r\n") + 4);
    expect(JSON.parse(body)).toMatchObject({ backend: "A", url: "/abs?q=1", headers: { host: "A.test:80" } });
  });

  it("keeps a client connection alive across requests to different hosts", async () => {
    const socket = connect(proxy.node.port, "127.0.0.1");
    const responses: string[] = [];
    await new Promise<void>((resolve, reject) => {
      let buffer = "";
      socket.on("data", (chunk) => {
        buffer += chunk.toString("latin1");
        const count = buffer.split("HTTP/1.1 200 OK").length - 1;
        if (count === 2 && buffer.trimEnd().endsWith("}")) {
          responses.push(buffer);
          resolve();
        }
      });
      socket.on("error", reject);
      socket.write("GET /1 HTTP/1.1\r\nHost: a.test\r\n\r\nGET /2 HTTP/1.1\r\nHost: b.test\r\n\r\n");
    });
    socket.destroy();
    expect(responses[0]).toContain('"backend":"A"');
    expect(responses[0]).toContain('"backend":"B"');
    expect(responses[0]).toContain("Keep-Alive: timeout=75");
  });
});
