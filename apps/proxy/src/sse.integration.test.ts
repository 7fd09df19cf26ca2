import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBackend, type TTestBackend } from "../test/backends.ts";
import { startEdgeProxy, type TEdgeProxy } from "../test/edge-harness.ts";
import { snapshot } from "../test/snapshots.ts";

const EVENTS = 5;

/**
 * Server-sent events must reach the client one by one, not when a buffer fills or the response
 * ends. The backend writes event n+1 only after the client has acknowledged event n, so the test
 * can only finish if every event crossed the proxy on its own; nothing here measures time.
 */
describe("server-sent events through the proxy", () => {
  let backend: TTestBackend;
  let edge: TEdgeProxy;
  const acknowledged: Array<() => void> = [];
  const acknowledgements = Array.from({ length: EVENTS }, (_, index) => new Promise<void>((resolve) => (acknowledged[index] = resolve)));

  beforeAll(async () => {
    backend = await startBackend(async (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      for (let index = 0; index < EVENTS; index += 1) {
        res.write(`id: ${index}\ndata: event ${index}\n\n`);
        await acknowledgements[index];
      }
      res.end();
    });
    edge = await startEdgeProxy(snapshot(1, { "events.test": backend.origin }));
  });

  afterAll(async () => {
    for (const acknowledge of acknowledged) acknowledge();
    await edge?.close();
    await backend?.close();
  });

  it("delivers each event before the backend writes the next", async () => {
    const response = await request(`http://127.0.0.1:${edge.port}/stream`, { headers: { host: "events.test", accept: "text/event-stream" } });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/event-stream");
    expect(response.headers["content-length"]).toBeUndefined();

    const received: string[] = [];
    let buffered = "";
    for await (const chunk of response.body) {
      buffered += (chunk as Buffer).toString("utf8");
      let end: number;
      while ((end = buffered.indexOf("\n\n")) !== -1) {
        const event = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        received.push(event);
        acknowledged[received.length - 1]!();
      }
    }
    expect(received).toEqual(Array.from({ length: EVENTS }, (_, index) => `id: ${index}\ndata: event ${index}`));
  });
});
