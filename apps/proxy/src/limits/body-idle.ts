import type { IncomingMessage, ServerResponse } from "node:http";
import type { Http2ServerRequest } from "node:http2";
import { refuseAndClose } from "./refuse.ts";

/**
 * Node has no per-read timeout for request bodies (requestTimeout bounds the whole request), so a
 * client can hold a connection by sending a byte now and then, or nothing at all after the headers.
 * While a body is arriving the socket gets an idle timeout (nginx client_body_timeout): silence for
 * `idleMs` answers 408 and closes. Silence we caused ourselves, by pausing the client while the
 * backend is slow to read (backpressure), does not count. Cleared once the body is complete, so
 * waiting for the backend's response is not limited here.
 */
export function watchBodyIdle(req: IncomingMessage, res: ServerResponse, idleMs: number): void {
  const socket = req.socket;
  const onTimeout = () => {
    // Ours: the socket paused by a pipe, or body bytes we received and have not read yet (when the
    // request's buffer is full, Node's parser stops reading the socket without marking it paused).
    if (socket.isPaused() || req.readableLength > 0) {
      socket.setTimeout(idleMs);
      return;
    }
    done();
    if (!res.headersSent) refuseAndClose(res, "BODY_TIMEOUT");
    else socket.destroy();
  };
  const done = () => {
    req.off("timeout", onTimeout);
    req.off("end", done);
    req.off("close", done);
    // A response finished before its body ended has armed Node's keep-alive timeout: leave that one.
    if (!socket.destroyed && !res.writableFinished) socket.setTimeout(0);
  };
  req.setTimeout(idleMs, onTimeout);
  req.once("end", done);
  req.once("close", done);
}

/**
 * watchBodyIdle for HTTP/2: the idle timer is the stream's (the connection carries other streams).
 * While the proxy has not read what already arrived (backpressure from a slow backend), flow
 * control stops the client, and that silence is ours, so it does not count either.
 */
export function watchHttp2BodyIdle(req: IncomingMessage, res: ServerResponse, idleMs: number): void {
  const stream = (req as unknown as Http2ServerRequest).stream;
  const onTimeout = () => {
    if (req.readableLength > 0 || stream.readableLength > 0) {
      stream.setTimeout(idleMs);
      return;
    }
    done();
    if (!res.headersSent) refuseAndClose(res, "BODY_TIMEOUT");
    else res.destroy();
  };
  const done = () => {
    stream.off("timeout", onTimeout);
    req.off("end", done);
    req.off("close", done);
    if (!stream.destroyed) stream.setTimeout(0);
  };
  stream.on("timeout", onTimeout);
  stream.setTimeout(idleMs);
  req.once("end", done);
  req.once("close", done);
}
