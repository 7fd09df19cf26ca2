import type { ServerResponse } from "node:http";
import { sendProxyError, type TProxyErrorCode } from "../errors.ts";

/**
 * Answers with an error page and closes the connection afterwards: after an ambiguous request, an
 * over-limit body or a stalled one, what the client sends next on this connection is not a request
 * we can frame or want to read.
 */
export function refuseAndClose(res: ServerResponse, code: TProxyErrorCode, host?: string): void {
  res.shouldKeepAlive = false;
  sendProxyError(res, code, host);
}
