import { createWriteStream, mkdirSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import path from "node:path";
import type { Writable } from "node:stream";
import pino, { type Logger } from "pino";
import { LineBatcher } from "./line-batcher.ts";
import { requestAuthority } from "./request-guard.ts";
import type { TRequestFacts, TTunnelFacts } from "./request-facts.ts";
import type { TScheme } from "./router.ts";
import type { TAccessLogTarget } from "./settings.ts";

/**
 * Lines leave in batches, at least once a second, so a request costs a string append rather than
 * a write. On stdout a batch stays under PIPE_BUF (4096 bytes): worker processes share the pipe,
 * and the kernel keeps writes up to that size whole (stdout pipes and files are written
 * synchronously by Node on Linux, one write per batch). A file is ours alone per process and
 * opened for appending, so it takes 64 KiB batches, written asynchronously.
 */
const STDOUT_BATCH_CHARS = 2048;
const FILE_BATCH_CHARS = 65_536;
const FLUSH_EVERY_MS = 1000;
/** A reader or disk this far behind is stuck: drop lines rather than grow without bound. */
const MAX_QUEUED_BYTES = 16 * 1024 * 1024;

const ACCESS_MARKER = { log: "access" };

export interface TAccessLogLine {
  host: string | undefined;
  /** How the client spoke to the proxy: `HTTP/1.1`, `HTTP/2.0`, ... */
  protocol: string;
  /** `https` when the request came over TLS. */
  scheme: TScheme;
  method: string | undefined;
  /** The request target as received: path and query. */
  path: string | undefined;
  status: number;
  /** False when the client or the upstream broke off before the response was complete. */
  completed: boolean;
  durationMs: number;
  upstream: string | null;
  /** Wire bytes of this request and its response on the client connection, headers included. */
  bytesReceived: number;
  bytesSent: number;
  clientIp: string | undefined;
}

export interface TAccessLog {
  write(req: IncomingMessage, res: ServerResponse, facts: TRequestFacts, durationMs: number): void;
  /** The line of a WebSocket upgrade, written once its socket closed (duration = tunnel lifetime). */
  writeTunnel(req: IncomingMessage, facts: TTunnelFacts, durationMs: number): void;
  /** Writes out whatever is waiting and resolves once it is written. */
  flush(): Promise<void>;
  /** Flushes, then closes the file (stdout stays open). */
  close(): Promise<void>;
}

/** One JSON line per request (pino), batched. Undefined when turned off. */
export function createAccessLog(target: TAccessLogTarget, serviceLogger: Logger): TAccessLog | undefined {
  if (target === "off") return undefined;
  let out: Writable;
  if (target === "stdout") {
    out = process.stdout;
  } else {
    mkdirSync(path.dirname(target.path), { recursive: true });
    out = createWriteStream(target.path, { flags: "a" });
    out.on("error", (error) => serviceLogger.error({ err: error, path: target.path }, "access log file cannot be written"));
  }
  const destination = new LineBatcher(out, {
    batchChars: target === "stdout" ? STDOUT_BATCH_CHARS : FILE_BATCH_CHARS,
    flushEveryMs: FLUSH_EVERY_MS,
    maxQueuedBytes: MAX_QUEUED_BYTES,
    onDrop: (queuedBytes) => serviceLogger.warn({ queuedBytes }, "access log behind: dropping lines until it catches up"),
  });
  const logger = pino(
    {
      base: null,
      timestamp: isoTimeCachedPerMillisecond,
      // Every line is one request, so a level would say nothing; the marker takes its place (and
      // sets these lines apart from the service log when both go to stdout).
      formatters: { level: () => ACCESS_MARKER },
    },
    destination,
  );
  return {
    write(req, res, facts, durationMs) {
      logger.info(accessLogLine(req, res, facts, durationMs));
    },
    writeTunnel(req, facts, durationMs) {
      logger.info(tunnelAccessLogLine(req, facts, durationMs));
    },
    flush: () => destination.flush(),
    close: () => destination.close(target !== "stdout"),
  };
}

let cachedAt = 0;
let cachedTime = "";

/**
 * pino's isoTime formats a Date for every line; requests that end in the same millisecond share
 * one string here (nginx caches its time strings the same way, per second).
 */
function isoTimeCachedPerMillisecond(): string {
  const now = Date.now();
  if (now !== cachedAt) {
    cachedAt = now;
    cachedTime = `,"time":"${new Date(now).toISOString()}"`;
  }
  return cachedTime;
}

const kBytesRead = Symbol("gatehouse.bytesReadLogged");
const kBytesWritten = Symbol("gatehouse.bytesWrittenLogged");
type TCountedSocket = Socket & { [kBytesRead]?: number; [kBytesWritten]?: number };

export function accessLogLine(req: IncomingMessage, res: ServerResponse, facts: TRequestFacts, durationMs: number): TAccessLogLine {
  // 499 is nginx's code for "client closed the connection before an answer was sent".
  return lineOf(req, res.headersSent ? res.statusCode : 499, res.writableFinished, facts, durationMs);
}

/**
 * An upgrade takes over its connection, so its bytes are the whole tunnel's, both ways. Once the
 * answer is written there is nothing left to complete: a tunnel ends by closing.
 */
export function tunnelAccessLogLine(req: IncomingMessage, facts: TTunnelFacts, durationMs: number): TAccessLogLine {
  return lineOf(req, facts.status ?? 499, facts.status !== undefined, facts, durationMs);
}

function lineOf(req: IncomingMessage, status: number, completed: boolean, facts: TRequestFacts, durationMs: number): TAccessLogLine {
  // Requests on one connection are answered one after another, so the connection's byte counters
  // since the previous response closed belong to this request (nginx's $request_length/$bytes_sent).
  // HTTP/2 interleaves requests on one connection: there a line's bytes are the connection's since
  // the previous line, so the lines of a connection still add up to its traffic.
  const socket = req.socket as TCountedSocket;
  const read = socket.bytesRead;
  const written = socket.bytesWritten;
  const bytesReceived = read - (socket[kBytesRead] ?? 0);
  const bytesSent = written - (socket[kBytesWritten] ?? 0);
  socket[kBytesRead] = read;
  socket[kBytesWritten] = written;
  return {
    // Read off the raw list (HTTP/2: :authority): building req.headers for one field costs more than the line.
    host: requestAuthority(req),
    protocol: `HTTP/${req.httpVersion}`,
    scheme: facts.scheme,
    method: req.method,
    path: req.url,
    status,
    completed,
    durationMs: Math.round(durationMs * 1000) / 1000,
    upstream: facts.upstreamTarget ?? null,
    bytesReceived,
    bytesSent,
    clientIp: clientIp(socket.remoteAddress),
  };
}

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) logs as `10.0.0.1`. */
function clientIp(address: string | undefined): string | undefined {
  return address !== undefined && address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}
