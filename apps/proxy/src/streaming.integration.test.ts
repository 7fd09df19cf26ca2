import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { Agent, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBackend, type TTestBackend } from "../test/backends.ts";
import { patternChunks, patternSha256, sha256OfStream } from "../test/pattern-stream.ts";
import { snapshot } from "../test/snapshots.ts";
import { startTestProxy, type TTestProxy } from "../test/start-proxy.ts";

const FIFTY_MB = 50 * 1024 * 1024;

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe("streaming bodies through the proxy", () => {
  let backend: TTestBackend;
  let proxy: TTestProxy;
  let client: Agent;
  let configDir: string;
  // Handshakes that only complete if the proxy forwards the first bytes before it has the last.
  let backendGotFirstRequestChunk = deferred();
  let clientGotFirstResponseChunk = deferred();

  beforeAll(async () => {
    backend = await startBackend((req, res) => {
      if (req.url === "/upload") {
        sha256OfStream(req).then((digest) => res.end(JSON.stringify(digest)));
      } else if (req.url === "/download") {
        Readable.from(patternChunks(FIFTY_MB, "download")).pipe(res);
      } else if (req.url === "/upload-handshake") {
        req.once("data", () => backendGotFirstRequestChunk.resolve());
        sha256OfStream(req).then((digest) => res.end(JSON.stringify(digest)));
      } else if (req.url === "/download-handshake") {
        res.write("first chunk;");
        clientGotFirstResponseChunk.promise.then(() => res.end("rest"));
      } else {
        res.writeHead(404).end();
      }
    });
    configDir = await mkdtemp(path.join(os.tmpdir(), "gatehouse-proxy-stream-"));
    const configFile = path.join(configDir, "snapshot.json");
    await writeFile(configFile, JSON.stringify(snapshot(1, { "big.test": backend.origin })));
    proxy = await startTestProxy({ kind: "file", path: configFile });
    client = new Agent();
  });

  afterAll(async () => {
    await client?.close();
    await proxy?.close();
    await backend?.close();
    await rm(configDir, { recursive: true, force: true });
  });

  it("streams a 50 MB request body to the backend intact (chunked, no length known up front)", async () => {
    const response = await request(`${proxy.node.url}/upload`, {
      dispatcher: client,
      method: "POST",
      headers: { host: "big.test" },
      body: Readable.from(patternChunks(FIFTY_MB, "upload")),
    });
    expect(response.statusCode).toBe(200);
    expect(await response.body.json()).toEqual({ sha256: patternSha256(FIFTY_MB, "upload"), bytes: FIFTY_MB });
  });

  it("streams a 50 MB request body with Content-Length intact", async () => {
    const response = await request(`${proxy.node.url}/upload`, {
      dispatcher: client,
      method: "PUT",
      headers: { host: "big.test", "content-length": String(FIFTY_MB) },
      body: Readable.from(patternChunks(FIFTY_MB, "upload-cl")),
    });
    expect(await response.body.json()).toEqual({ sha256: patternSha256(FIFTY_MB, "upload-cl"), bytes: FIFTY_MB });
  });

  it("streams a 50 MB response body back intact", async () => {
    const response = await request(`${proxy.node.url}/download`, { dispatcher: client, headers: { host: "big.test" } });
    expect(response.statusCode).toBe(200);
    expect(await sha256OfStream(response.body)).toEqual({ sha256: patternSha256(FIFTY_MB, "download"), bytes: FIFTY_MB });
  });

  it("forwards the start of a request body before the client has sent the end", async () => {
    backendGotFirstRequestChunk = deferred();
    const body = new PassThrough();
    const responsePromise = request(`${proxy.node.url}/upload-handshake`, {
      dispatcher: client,
      method: "POST",
      headers: { host: "big.test" },
      body,
    });
    body.write("first chunk;");
    // A buffering proxy would wait for the end of the body, which only comes after this resolves.
    await backendGotFirstRequestChunk.promise;
    body.end("rest");
    const response = await responsePromise;
    expect(await response.body.json()).toMatchObject({ bytes: "first chunk;rest".length });
  });

  it("forwards the start of a response body before the backend has sent the end", async () => {
    clientGotFirstResponseChunk = deferred();
    const response = await request(`${proxy.node.url}/download-handshake`, { dispatcher: client, headers: { host: "big.test" } });
    const received: string[] = [];
    for await (const chunk of response.body) {
      received.push(chunk.toString());
      // The backend only finishes once we have seen its first bytes.
      clientGotFirstResponseChunk.resolve();
    }
    expect(received.join("")).toBe("first chunk;rest");
  });
});
