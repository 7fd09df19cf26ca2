import type { IncomingMessage } from "node:http";
import { Http2ServerRequest } from "node:http2";

/**
 * The request-smuggling guard: requests Node's parser accepts but that another HTTP implementation
 * (our backend, or a proxy in front of us) could frame or route differently. Each is refused with a
 * 400 and never forwarded (stack-facts.md lists what Node itself already rejects). Runs on every
 * request, so it reads the raw header list once and lower-cases only the three names it cares about.
 */
export type TAmbiguity =
  /** `GET / HTTP/2.0` parses as HTTP/1.x; the backend would get a version we never spoke. */
  | "http-version"
  /** RFC 9112 §3.2: Node keeps the first Host, a backend may keep the last. */
  | "duplicate-host"
  /** Anything but exactly `chunked` (`,chunked`, `gzip, chunked`), or any TE on HTTP/1.0 (RFC 9112 §6.1). */
  | "transfer-encoding"
  /** `002`, `+2`: lengths other implementations may read as octal, or refuse. */
  | "content-length"
  /** HTTP/2 with both :authority and a Host that names another origin (RFC 9113 §8.3.1). */
  | "authority-mismatch";

// RFC 9110 §8.6: 1*DIGIT; a leading zero is legal there, but it is exactly what parsers disagree on
// (octal, refusal), and no honest client sends one. 15 digits keep the value a safe integer.
const CANONICAL_LENGTH = /^(?:0|[1-9]\d{0,14})$/;

export function findAmbiguity(req: IncomingMessage): TAmbiguity | undefined {
  const version = req.httpVersion;
  if (version !== "1.1" && version !== "1.0") return "http-version";
  const raw = req.rawHeaders;
  let hosts = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    // Node already refuses repeated Transfer-Encoding and Content-Length fields and CL with TE.
    if (name.length === 4) {
      if (name.toLowerCase() === "host" && ++hosts > 1) return "duplicate-host";
    } else if (name.length === 17) {
      if (name.toLowerCase() === "transfer-encoding" && (version === "1.0" || raw[i + 1]!.toLowerCase() !== "chunked")) {
        return "transfer-encoding";
      }
    } else if (name.length === 14) {
      if (name.toLowerCase() === "content-length" && !CANONICAL_LENGTH.test(raw[i + 1]!)) return "content-length";
    }
  }
  return undefined;
}

/**
 * The value of the first field named `lowerName`, read from the raw list without building req.headers.
 * For Host, Content-Length and Transfer-Encoding the guard has made sure there is at most one.
 */
export function fieldValue(req: IncomingMessage, lowerName: string): string | undefined {
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === lowerName.length && name.toLowerCase() === lowerName) return raw[i + 1];
  }
  return undefined;
}

/**
 * HTTP/2 requests come through Node's compatibility API (IncomingMessage-shaped, pseudo-headers in
 * rawHeaders); nghttp2 has already refused what RFC 9113 §8.2.2 forbids (Transfer-Encoding,
 * Connection and the other connection-specific fields) and frames the body itself. Left for us: a
 * Host that disagrees with :authority, and odd Content-Length values the HTTP/1.1 backend would see.
 */
export function findHttp2Ambiguity(req: IncomingMessage): TAmbiguity | undefined {
  const raw = req.rawHeaders;
  let authority: string | undefined;
  let host: string | undefined;
  let lengths = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name === ":authority") authority = raw[i + 1];
    else if (name === "host") {
      if (host !== undefined) return "duplicate-host";
      host = raw[i + 1];
    } else if (name === "content-length" && (++lengths > 1 || !CANONICAL_LENGTH.test(raw[i + 1]!))) return "content-length";
  }
  if (authority !== undefined && host !== undefined && authority.toLowerCase() !== host.toLowerCase()) return "authority-mismatch";
  return undefined;
}

/**
 * Whether the request came over our HTTP/2 server. By the object, never by the version it claims: an
 * HTTP/1 client can write `HTTP/2.0` in its request line (refused as "http-version"), and treating
 * that request as HTTP/2 would read a stream it does not have.
 */
export function isHttp2(req: IncomingMessage): boolean {
  return (req as unknown) instanceof Http2ServerRequest;
}

/** The authority the client asked for: Host in HTTP/1.x, :authority (else Host) in HTTP/2 (RFC 9113 §8.3.1). */
export function requestAuthority(req: IncomingMessage): string | undefined {
  if (isHttp2(req)) return (req as unknown as Http2ServerRequest).authority ?? fieldValue(req, "host");
  return fieldValue(req, "host");
}
