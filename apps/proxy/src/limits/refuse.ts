import type { ServerResponse } from "node:http";
import { constants, type Http2ServerResponse } from "node:http2";
import { sendProxyError, type TProxyErrorCode } from "../errors.ts";
import { isHttp2 } from "../request-guard.ts";

/**
 * Answers with an error page and closes the connection afterwards: after an ambiguous request, an
 * over-limit body or a stalled one, what the client sends next on this connection is not a request
 * we can frame or want to read. In HTTP/2 only the stream is closed: RST_STREAM(NO_ERROR) once the
 * answer is out tells the client to stop sending its body (RFC 9113 §8.1); Node would otherwise
 * keep the client's half of the stream open, and with it the connection.
 */
export function refuseAndClose(res: ServerResponse, code: TProxyErrorCode, host?: string): void {
  res.shouldKeepAlive = false;
  sendProxyError(res, code, host);
  if (isHttp2(res.req)) {
    const stream = (res as unknown as Http2ServerResponse).stream;
    if (!stream.destroyed) stream.close(constants.NGHTTP2_NO_ERROR);
  }
}
