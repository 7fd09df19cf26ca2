import type { IncomingMessage } from "node:http";

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
  | "content-length";

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
