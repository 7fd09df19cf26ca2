import { mkdtemp, rm, writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import { connect, type Socket } from "node:net";
import os from "node:os";
import path from "node:path";
import type { TProxyConfig } from "@gatehouse/shared";
import { DEFAULT_EDGE_LIMITS, type TEdgeLimits } from "../src/limits/edge-limits.ts";
import { startTestProxy, type TTestProxy } from "./start-proxy.ts";

export interface TEdgeProxy {
  readonly proxy: TTestProxy;
  readonly port: number;
  close(): Promise<void>;
}

/** The real proxy node serving `config` from a snapshot file, with edge limits overridden for the test. */
export async function startEdgeProxy(config: TProxyConfig, limits: Partial<TEdgeLimits> = {}): Promise<TEdgeProxy> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "gatehouse-edge-"));
  const file = path.join(dir, "snapshot.json");
  await writeFile(file, JSON.stringify(config));
  const proxy = await startTestProxy({ kind: "file", path: file }, { settings: { edgeLimits: { ...DEFAULT_EDGE_LIMITS, ...limits } } });
  return {
    proxy,
    port: proxy.node.port,
    async close() {
      await proxy.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Counts what reached a backend: requests and upgrade attempts, whatever they were. */
export function countArrivals(server: Server): { readonly total: number } {
  const counter = { total: 0 };
  server.on("request", () => (counter.total += 1));
  server.on("upgrade", () => (counter.total += 1));
  return counter;
}

/** A raw client connection: the test writes exact bytes and reads exactly what comes back. */
export class RawClient {
  readonly socket: Socket;
  #received = "";
  #waiters: Array<() => void> = [];
  readonly closed: Promise<void>;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on("data", (chunk: Buffer) => {
      this.#received += chunk.toString("latin1");
      this.#wake();
    });
    // A reset after the answer is part of what a test may observe; it must not fail the test by itself.
    socket.on("error", () => {});
    this.closed = new Promise((resolve) =>
      socket.once("close", () => {
        this.#wake();
        resolve();
      }),
    );
  }

  static open(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => resolve(new RawClient(socket)));
      socket.once("error", reject);
    });
  }

  get received(): string {
    return this.#received;
  }

  write(bytes: string | Buffer): void {
    this.socket.write(bytes);
  }

  /** Resolves once what was received matches, or rejects when the connection closes first. */
  async waitFor(pattern: RegExp): Promise<RegExpExecArray> {
    for (;;) {
      const match = pattern.exec(this.#received);
      if (match) return match;
      if (this.socket.destroyed || this.socket.readableEnded) {
        throw new Error(`connection closed before ${pattern}; received: ${JSON.stringify(this.#received)}`);
      }
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  /** The status code of the first response, once its status line has arrived. */
  async status(): Promise<number> {
    return Number((await this.waitFor(/^HTTP\/1\.1 (\d{3}) /))[1]);
  }

  destroy(): void {
    this.socket.destroy();
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

/** Sends one raw request, and returns the whole answer once the proxy has closed the connection. */
export async function exchangeRaw(port: number, bytes: string): Promise<string> {
  const client = await RawClient.open(port);
  client.write(bytes);
  await client.closed;
  return client.received;
}
