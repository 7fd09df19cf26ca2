import type { IncomingMessage, ServerResponse } from "node:http";
import type { Http2ServerRequest } from "node:http2";
import { fieldValue, isHttp2 } from "../request-guard.ts";

/**
 * The request body failed on the client's side: too large (413), or the response already ended while
 * it was still arriving (a 408, a client gone). Never the upstream target's fault, never retried;
 * the handler answers `code` (a no-op when the response is already out).
 */
export class ClientBodyError extends Error {
  readonly code: "BODY_TOO_LARGE" | "BODY_TIMEOUT";

  constructor(code: ClientBodyError["code"], message: string) {
    super(message);
    this.name = "ClientBodyError";
    this.code = code;
  }
}

const kExpectsContinue = Symbol("gatehouse.expectsContinue");
type TContinuableRequest = IncomingMessage & { [kExpectsContinue]?: boolean };

/**
 * Node answers `Expect: 100-continue` at once unless the server handles 'checkContinue'; server.ts
 * does and marks the request, so the 100 goes out only when the body is really read (the first pull
 * of requestBodyStream), and a request refused before that (413 by Content-Length, 400, 503, a
 * fixed response) never has its body sent at all.
 */
export function markExpectsContinue(req: IncomingMessage): void {
  (req as TContinuableRequest)[kExpectsContinue] = true;
}

/**
 * Whether the request carries a body: chunked, or a non-zero Content-Length (made canonical by the
 * guard); in HTTP/2, whether the HEADERS frame left the stream open (a body needs no length there).
 */
export function hasRequestBody(req: IncomingMessage): boolean {
  if (isHttp2(req)) return !http2HeadersEndedStream(req);
  if (fieldValue(req, "transfer-encoding") !== undefined) return true;
  const length = fieldValue(req, "content-length");
  return length !== undefined && length !== "0";
}

/**
 * The request body for the upstream request, counted against the host's limit as it streams: a
 * chunked body that passes `maxBytes` fails with ClientBodyError, which aborts the upstream
 * request before the backend sees a complete body. (A declared Content-Length over the limit is
 * refused before this runs; Node's parser then delivers exactly that many bytes.)
 *
 * An iterable rather than the stream itself, and one that leaves `req` open when it stops early:
 * undici destroys a stream body when an attempt fails, which would rule out a retry on another
 * target, and destroying `req` would destroy the client's socket before the 413 could be sent.
 */
export async function* requestBodyStream(req: IncomingMessage, res: ServerResponse, maxBytes: number | null): AsyncGenerator<Buffer> {
  const continuable = req as TContinuableRequest;
  if (continuable[kExpectsContinue]) {
    continuable[kExpectsContinue] = false;
    res.writeContinue();
  }
  // Once its response is done (a 408, a 413, an early answer), Node no longer tracks the request
  // and would not fail it when the client goes: without this, the upstream request would wait for
  // the rest of the body forever.
  const abandon = () => {
    if (!req.complete) req.destroy(new ClientBodyError("BODY_TIMEOUT", "The response ended before the request body was complete."));
  };
  res.once("close", abandon);
  let remaining = maxBytes ?? Number.POSITIVE_INFINITY;
  try {
    for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      remaining -= chunk.length;
      if (remaining < 0) throw new ClientBodyError("BODY_TOO_LARGE", `The request body is larger than ${maxBytes} bytes.`);
      yield chunk;
    }
  } finally {
    res.off("close", abandon);
  }
}

/** Declared request body: the length, -1 when chunked (or an HTTP/2 body without a length), 0 when there is none. */
export function requestBodyLength(req: IncomingMessage): number {
  if (isHttp2(req)) {
    if (http2HeadersEndedStream(req)) return 0;
    const length = fieldValue(req, "content-length");
    return length === undefined ? -1 : Number(length);
  }
  // Reads the raw list: no req.headers object.
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === 17 && name.toLowerCase() === "transfer-encoding") return -1;
    if (name.length === 14 && name.toLowerCase() === "content-length") return Number(raw[i + 1]);
  }
  return 0;
}

function http2HeadersEndedStream(req: IncomingMessage): boolean {
  return (req as unknown as Http2ServerRequest).stream.endAfterHeaders;
}
