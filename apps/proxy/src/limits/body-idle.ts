import type { IncomingMessage, ServerResponse } from "node:http";
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
    if (socket.isPaused()) {
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
