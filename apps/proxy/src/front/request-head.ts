import { COLON, CR, FIELD_VALUE, HTAB, LF, SP, TOKEN } from "../http1-bytes.ts";

/**
 * The request heads the lean front (front-connection.ts) answers itself: body-less GET and HEAD
 * in plain HTTP/1.1 with nothing unusual about them, which is nearly all proxied traffic. Everything
 * else (a body, an upgrade, Expect, HTTP/1.0, absolute-form, a byte out of place) is not parsed
 * here at all: the connection goes to node:http, its strict parser and the request guard, which
 * answer it exactly as before. So this parser only has to be sure about what it accepts.
 *
 * Accepted, per RFC 9112: `GET|HEAD SP origin-form SP HTTP/1.1 CRLF`, then fields `token ":" OWS
 * value OWS CRLF` with visible ASCII, SP, HTAB or obs-text in values, then CRLF; exactly one Host;
 * no Content-Length, Transfer-Encoding, Upgrade or Expect; Connection absent, `keep-alive` or `close`.
 */
export interface TRequestHead {
  readonly method: "GET" | "HEAD";
  /** The origin-form target as sent (path and query). */
  readonly target: string;
  /** `[name, value, ...]` as sent (names keep their case, values are trimmed), like Node's rawHeaders. */
  readonly rawHeaders: string[];
  /** The client asked to close the connection after this response. */
  readonly close: boolean;
}

/** Request-target bytes: visible ASCII only (no SP, CTL, DEL or obs-text; Node's parser refuses them too). */
const TARGET = new Uint8Array(256);
for (let c = 0x21; c <= 0x7e; c++) TARGET[c] = 1;

/**
 * Parses `bytes[0, end)`, where `end` is the offset of the CRLF CRLF ending the head. Returns
 * undefined for anything this lane does not take (the caller hands the connection to node:http).
 */
export function parseRequestHead(bytes: Buffer, end: number): TRequestHead | undefined {
  let method: "GET" | "HEAD";
  let at: number;
  if (bytes[0] === 0x47 && bytes[1] === 0x45 && bytes[2] === 0x54 && bytes[3] === SP) {
    method = "GET";
    at = 4;
  } else if (bytes[0] === 0x48 && bytes[1] === 0x45 && bytes[2] === 0x41 && bytes[3] === 0x44 && bytes[4] === SP) {
    method = "HEAD";
    at = 5;
  } else {
    return undefined;
  }
  if (bytes[at] !== 0x2f) return undefined;
  const targetStart = at;
  while (at < end && TARGET[bytes[at]!] === 1) at++;
  const targetEnd = at;
  // " HTTP/1.1\r\n"
  if (
    bytes[at] !== SP ||
    bytes[at + 1] !== 0x48 ||
    bytes[at + 2] !== 0x54 ||
    bytes[at + 3] !== 0x54 ||
    bytes[at + 4] !== 0x50 ||
    bytes[at + 5] !== 0x2f ||
    bytes[at + 6] !== 0x31 ||
    bytes[at + 7] !== 0x2e ||
    bytes[at + 8] !== 0x31 ||
    bytes[at + 9] !== CR ||
    bytes[at + 10] !== LF
  ) {
    return undefined;
  }
  at += 11;

  const rawHeaders: string[] = [];
  let hosts = 0;
  let close = false;
  while (at < end) {
    const nameStart = at;
    while (TOKEN[bytes[at]!] === 1) at++;
    if (at === nameStart || bytes[at] !== COLON) return undefined;
    const nameEnd = at;
    at++;
    while (bytes[at] === SP || bytes[at] === HTAB) at++;
    const valueStart = at;
    while (at < end && FIELD_VALUE[bytes[at]!] === 1) at++;
    // The line must end in CRLF exactly here (end is the blank line's CR, so the last field's CRLF is at end).
    if (bytes[at] !== CR || bytes[at + 1] !== LF) return undefined;
    let valueEnd = at;
    while (valueEnd > valueStart && (bytes[valueEnd - 1] === SP || bytes[valueEnd - 1] === HTAB)) valueEnd--;
    at += 2;

    const name = bytes.toString("latin1", nameStart, nameEnd);
    const value = bytes.toString("latin1", valueStart, valueEnd);
    switch (name.length) {
      case 4:
        if (name.toLowerCase() === "host" && ++hosts > 1) return undefined;
        break;
      case 6:
        if (name.toLowerCase() === "expect") return undefined;
        break;
      case 7:
        if (name.toLowerCase() === "upgrade") return undefined;
        break;
      case 10:
        if (name.toLowerCase() === "connection") {
          const token = value.toLowerCase();
          if (token === "close") close = true;
          else if (token !== "keep-alive") return undefined;
        }
        break;
      case 14:
        if (name.toLowerCase() === "content-length") return undefined;
        break;
      case 17:
        if (name.toLowerCase() === "transfer-encoding") return undefined;
        break;
    }
    rawHeaders.push(name, value);
  }
  if (hosts !== 1) return undefined;
  return { method, target: bytes.toString("latin1", targetStart, targetEnd), rawHeaders, close };
}
