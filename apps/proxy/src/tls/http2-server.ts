import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Http2ServerRequest, type Http2ServerResponse, type ServerHttp2Session } from "node:http2";
import type { Duplex } from "node:stream";
import { watchHttp2BodyIdle } from "../limits/body-idle.ts";
import type { TEdgeLimits } from "../limits/edge-limits.ts";
import { refuseAndClose } from "../limits/refuse.ts";
import { hasRequestBody, markExpectsContinue } from "../limits/request-body.ts";
import { findHttp2Ambiguity } from "../request-guard.ts";
import type { TRequestHandler } from "../server.ts";

/** nginx's http2_max_concurrent_streams; Node's default is effectively unlimited. */
const MAX_CONCURRENT_STREAMS = 128;

export interface THttp2ServerOptions {
  limits: TEdgeLimits;
  /** As in server.ts: called first for every request, also for those refused here. */
  observe?: TRequestHandler;
}

export interface THttp2Server {
  /** Serves a TLS connection whose ALPN chose h2. */
  accept(socket: Duplex): void;
  /** GOAWAY to every session: open streams finish (up to graceMs), then the connections close. */
  shutdown(graceMs: number): Promise<void>;
}

/**
 * HTTP/2 for the HTTPS listener, through Node's compatibility API: requests and responses shaped
 * like node:http's, so the one proxy handler serves both (proxied to HTTP/1.1 upstreams; the header
 * passes drop pseudo-headers and join split Cookie fields). Edge limits as for HTTP/1.1: header
 * list size, body idle timeout per stream, and an idle timeout for connections with no open stream
 * (keepAliveTimeoutMs), plus a cap on concurrent streams per connection.
 */
export function createHttp2Server(handler: TRequestHandler, options: THttp2ServerOptions): THttp2Server {
  const { limits, observe } = options;
  const sessions = new Set<ServerHttp2Session>();
  let closing = false;

  // Node's compatibility objects mirror IncomingMessage and ServerResponse for everything the handler uses.
  const onRequest = (h2req: Http2ServerRequest, h2res: Http2ServerResponse) => {
    const req = h2req as unknown as IncomingMessage;
    const res = h2res as unknown as ServerResponse;
    observe?.(req, res);
    if (findHttp2Ambiguity(req) !== undefined) return refuseAndClose(res, "AMBIGUOUS_REQUEST");
    if (hasRequestBody(req)) watchHttp2BodyIdle(req, res, limits.bodyIdleTimeoutMs);
    handler(req, res);
  };

  const server = createServer(
    {
      settings: { maxConcurrentStreams: MAX_CONCURRENT_STREAMS, maxHeaderListSize: limits.maxHeaderBytes, enablePush: false },
      // Browsers send each cookie as its own field in HTTP/2 (RFC 9113 §8.2.3): Node's 128 pairs is
      // too few for a cookie-heavy site; the byte limit above is what bounds the header block.
      maxHeaderListPairs: 256,
    },
    onRequest,
  );
  server.on("checkContinue", (req: Http2ServerRequest, res: Http2ServerResponse) => {
    markExpectsContinue(req as unknown as IncomingMessage);
    onRequest(req, res);
  });
  server.on("session", (session: ServerHttp2Session) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
    // A client reset or protocol error ends the session; without a listener it would be thrown.
    session.on("error", () => session.destroy());
    closeWhenIdle(session, limits.keepAliveTimeoutMs);
    if (closing) session.close();
  });

  return {
    accept(socket) {
      server.emit("connection", socket);
    },
    async shutdown(graceMs) {
      closing = true;
      const closed = [...sessions].map((session) => new Promise((resolve) => session.once("close", resolve)));
      for (const session of sessions) session.close();
      const deadline = setTimeout(() => {
        for (const session of sessions) session.destroy();
      }, graceMs);
      await Promise.all(closed);
      clearTimeout(deadline);
    },
  };
}

/** A connection with no open stream for `idleMs` gets a GOAWAY, like an idle HTTP/1.1 keep-alive connection. */
function closeWhenIdle(session: ServerHttp2Session, idleMs: number): void {
  let open = 0;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    timer = setTimeout(() => session.close(), idleMs);
    timer.unref();
  };
  session.on("stream", (stream) => {
    open += 1;
    clearTimeout(timer);
    stream.once("close", () => {
      open -= 1;
      if (open === 0 && !session.closed) arm();
    });
  });
  session.once("close", () => clearTimeout(timer));
  arm();
}
