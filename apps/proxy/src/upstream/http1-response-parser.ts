import { COLON, CR, FIELD_VALUE, HTAB, LF, SP, TOKEN } from "../http1-bytes.ts";

/**
 * A strict, incremental HTTP/1.1 response parser for the upstream connections of http1-pool.ts.
 * It reads one response per request on a keep-alive connection and decides its framing the way
 * RFC 9112 §6.3 does, refusing whatever two readers could frame differently (a response that could
 * desynchronise the connection is never relayed to a client):
 *   - HEAD answers, 1xx, 204 and 304 have no body; other 1xx heads are skipped (never relayed, as nginx);
 *   - Transfer-Encoding must be exactly `chunked` and may not come with Content-Length (and in
 *     HTTP/1.0 it means the connection is not reused, RFC 9112 §6.1);
 *   - repeated Content-Length values must agree; digits only;
 *   - neither: the body runs to the end of the connection, which is then not reused;
 *   - obsolete line folding, bare LF, whitespace before a colon, control characters: refused;
 *   - bytes after the end of a response are not the next response: the connection is not reused,
 *     nor after a HEAD, 204 or 304 answer that announced a body (it might still come).
 */

/** What a parse error says to the log; the pool turns it into a 502. */
export class ResponseParseError extends Error {
  override readonly name = "ResponseParseError";
  readonly code = "GATEHOUSE_UPSTREAM_PROTOCOL";
}

export interface TResponseSink {
  /** The final (non-1xx) head; rawHeaders is `[name, value, ...]` (names as sent, values trimmed). */
  onHead(statusCode: number, statusText: string, rawHeaders: string[]): void;
  /** A piece of the (de-chunked) body; false asks the parser to stop until `resume()`. */
  onBody(chunk: Buffer): boolean;
  onEnd(): void;
}

/** Larger heads are refused: the size node:http and undici allow by default. */
export const MAX_RESPONSE_HEAD_BYTES = 16 * 1024;
/** A chunk-size line (with extensions) or one trailer field longer than this is refused. */
const MAX_CHUNK_LINE_BYTES = 4096;
/** 2^53: larger lengths lose precision as numbers. */
const MAX_LENGTH_DIGITS = 15;
const MAX_CHUNK_SIZE_HEX_DIGITS = 13;

const SEMICOLON = 0x3b;

const enum State {
  Head,
  Body,
  ChunkSize,
  ChunkData,
  ChunkDataEnd,
  Trailers,
  UntilClose,
  Done,
}

const HEX = new Int8Array(256).fill(-1);
for (let c = 0; c < 10; c++) HEX[0x30 + c] = c;
for (let c = 0; c < 6; c++) {
  HEX[0x41 + c] = 10 + c;
  HEX[0x61 + c] = 10 + c;
}

const NO_BUFFER = Buffer.alloc(0);
const KEEP_ALIVE_TIMEOUT = /(?:^|[\s,])timeout\s*=\s*(\d{1,6})/i;

export class Http1ResponseParser {
  readonly #sink: TResponseSink;
  #state = State.Head;
  #headRequest = false;
  /** Bytes of an incomplete head or chunk line, kept until its end arrives. */
  #partial: Buffer = NO_BUFFER;
  /** Bytes not parsed yet because the sink asked to pause. */
  #pending: Buffer = NO_BUFFER;
  #paused = false;
  #remaining = 0;
  #trailerBytes = 0;
  /** Whether the connection may carry another request once this response is done. */
  keepAlive = false;
  /** The backend's Keep-Alive `timeout=` hint in milliseconds, or -1 when it sent none. */
  keepAliveHintMs = -1;
  /** Bytes arrived after the end of the response. */
  extraBytes = false;

  constructor(sink: TResponseSink) {
    this.#sink = sink;
  }

  /** Prepares for the response to the next request on this connection. */
  expect(method: string): void {
    this.#state = State.Head;
    this.#headRequest = method === "HEAD";
    this.#partial = NO_BUFFER;
    this.#pending = NO_BUFFER;
    this.#paused = false;
    this.keepAlive = false;
    this.keepAliveHintMs = -1;
    this.extraBytes = false;
  }

  get done(): boolean {
    return this.#state === State.Done;
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** Whether a response runs until the connection ends (its end is then the normal end). */
  get endsWithConnection(): boolean {
    return this.#state === State.UntilClose;
  }

  /** Whether the response head has been read completely. */
  get headReceived(): boolean {
    return this.#state !== State.Head;
  }

  /** Parses received bytes; throws ResponseParseError. Bytes after the end of the response are an error. */
  execute(chunk: Buffer): void {
    if (this.#paused) {
      this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
      return;
    }
    this.#run(chunk);
  }

  /** Continues after the sink returned false from onBody. */
  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    const pending = this.#pending;
    this.#pending = NO_BUFFER;
    if (pending.length > 0) this.#run(pending);
  }

  /** The connection ended: completes a body that runs until then, else says what was cut off. */
  finish(): void {
    if (this.#state === State.UntilClose) {
      this.#state = State.Done;
      this.#sink.onEnd();
      return;
    }
    if (this.#state !== State.Done) throw new ResponseParseError("the upstream closed the connection before the response was complete");
  }

  #run(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      switch (this.#state) {
        case State.Head:
          at = this.#head(chunk, at);
          break;
        case State.Body: {
          const take = Math.min(this.#remaining, chunk.length - at);
          this.#remaining -= take;
          const piece = chunk.subarray(at, at + take);
          at += take;
          if (this.#remaining === 0) this.#state = State.Done;
          if (!this.#sink.onBody(piece) && this.#state !== State.Done) this.#pause(chunk, at);
          if (this.#state === State.Done) this.#sink.onEnd();
          break;
        }
        case State.ChunkSize:
          at = this.#chunkSize(chunk, at);
          break;
        case State.ChunkData: {
          const take = Math.min(this.#remaining, chunk.length - at);
          this.#remaining -= take;
          const piece = chunk.subarray(at, at + take);
          at += take;
          if (this.#remaining === 0) this.#state = State.ChunkDataEnd;
          if (!this.#sink.onBody(piece)) this.#pause(chunk, at);
          break;
        }
        case State.ChunkDataEnd:
          at = this.#chunkDataEnd(chunk, at);
          break;
        case State.Trailers:
          at = this.#trailers(chunk, at);
          break;
        case State.UntilClose: {
          const piece = at === 0 ? chunk : chunk.subarray(at);
          at = chunk.length;
          if (!this.#sink.onBody(piece)) this.#paused = true;
          break;
        }
        case State.Done:
          // Not the next response (none was asked for): the connection is out of step and must not be reused.
          this.extraBytes = true;
          return;
      }
      if (this.#paused) return;
    }
  }

  #pause(chunk: Buffer, at: number): void {
    this.#paused = true;
    if (at < chunk.length) this.#pending = chunk.subarray(at);
  }

  /** Collects the head up to its blank line, then parses it; returns the offset after what it used. */
  #head(chunk: Buffer, at: number): number {
    let bytes: Buffer;
    let start: number;
    if (this.#partial.length === 0) {
      bytes = chunk;
      start = at;
    } else {
      // The blank line may straddle the two pieces: search the joined bytes.
      bytes = Buffer.concat([this.#partial, chunk.subarray(at)]);
      start = 0;
    }
    const end = bytes.indexOf("\r\n\r\n", start, "latin1");
    if (end === -1) {
      if (bytes.length - start > MAX_RESPONSE_HEAD_BYTES) throw new ResponseParseError(`the response head is larger than ${MAX_RESPONSE_HEAD_BYTES} bytes`);
      this.#partial = bytes.subarray(start);
      return chunk.length;
    }
    if (end + 4 - start > MAX_RESPONSE_HEAD_BYTES) throw new ResponseParseError(`the response head is larger than ${MAX_RESPONSE_HEAD_BYTES} bytes`);
    const consumedFromChunk = bytes === chunk ? end + 4 : end + 4 - this.#partial.length + at;
    this.#partial = NO_BUFFER;
    this.#parseHead(bytes, start, end);
    return consumedFromChunk;
  }

  /** Parses the head in bytes[start, end) (end is the blank line's CR). */
  #parseHead(bytes: Buffer, start: number, end: number): void {
    // Status line: HTTP/1.x SP 3DIGIT [SP reason]
    const lineEnd = lineEndAt(bytes, start, end);
    if (
      lineEnd - start < 12 ||
      bytes.toString("latin1", start, start + 7) !== "HTTP/1." ||
      (bytes[start + 7] !== 0x31 && bytes[start + 7] !== 0x30) ||
      bytes[start + 8] !== SP ||
      !isDigit(bytes[start + 9]!) ||
      !isDigit(bytes[start + 10]!) ||
      !isDigit(bytes[start + 11]!) ||
      (lineEnd > start + 12 && bytes[start + 12] !== SP)
    ) {
      throw new ResponseParseError("the upstream sent a malformed status line");
    }
    const http11 = bytes[start + 7] === 0x31;
    const statusCode = (bytes[start + 9]! - 0x30) * 100 + (bytes[start + 10]! - 0x30) * 10 + (bytes[start + 11]! - 0x30);
    if (statusCode < 100) throw new ResponseParseError("the upstream sent a malformed status line");
    for (let i = start + 13; i < lineEnd; i++) {
      if (FIELD_VALUE[bytes[i]!] === 0) throw new ResponseParseError("the upstream sent a malformed status line");
    }
    // One string for the whole head: names and values are slices of it (offsets match, latin1 is a byte per char).
    const text = bytes.toString("latin1", start, end);
    const statusText = lineEnd > start + 13 ? text.slice(13, lineEnd - start) : "";

    const rawHeaders: string[] = [];
    let contentLength = -1;
    let chunked = false;
    let transferEncoding = false;
    let closeToken = false;
    let keepAliveToken = false;
    let at = lineEnd + 2;
    while (at < end) {
      // One pass over each line: name, colon, value up to its CRLF (end is the blank line's CR, so
      // the last field's CRLF sits at end).
      const first = bytes[at]!;
      if (first === SP || first === HTAB) throw new ResponseParseError("the upstream sent a folded header line (obsolete line folding)");
      let colon = at;
      while (TOKEN[bytes[colon]!] === 1) colon++;
      if (colon === at || bytes[colon] !== COLON) throw new ResponseParseError("the upstream sent a malformed header field name");
      let valueStart = colon + 1;
      while (bytes[valueStart] === SP || bytes[valueStart] === HTAB) valueStart++;
      let fieldEnd = valueStart;
      while (fieldEnd < end && FIELD_VALUE[bytes[fieldEnd]!] === 1) fieldEnd++;
      if (bytes[fieldEnd] !== CR || bytes[fieldEnd + 1] !== LF) {
        const byte = bytes[fieldEnd];
        if (byte === CR) throw new ResponseParseError("the upstream sent a bare CR");
        if (byte === LF) throw new ResponseParseError("the upstream sent a bare LF");
        throw new ResponseParseError("the upstream sent a control character in a header value");
      }
      let valueEnd = fieldEnd;
      while (valueEnd > valueStart && (bytes[valueEnd - 1] === SP || bytes[valueEnd - 1] === HTAB)) valueEnd--;
      const value = text.slice(valueStart - start, valueEnd - start);
      rawHeaders.push(text.slice(at - start, colon - start), value);
      switch (colon - at) {
        case 10:
          if (equalsLower(bytes, at, "connection")) {
            const tokens = value.toLowerCase();
            // Collected over all Connection fields: a later `keep-alive` must not undo an earlier `close`.
            if (tokens === "keep-alive") keepAliveToken = true;
            else if (tokens === "close") closeToken = true;
            else {
              if (hasToken(tokens, "close")) closeToken = true;
              if (hasToken(tokens, "keep-alive")) keepAliveToken = true;
            }
          } else if (equalsLower(bytes, at, "keep-alive")) {
            const timeout = KEEP_ALIVE_TIMEOUT.exec(value);
            if (timeout !== null) this.keepAliveHintMs = Number(timeout[1]) * 1000;
          }
          break;
        case 14:
          if (equalsLower(bytes, at, "content-length")) contentLength = mergeContentLength(contentLength, bytes, valueStart, valueEnd, value);
          break;
        case 17:
          if (equalsLower(bytes, at, "transfer-encoding")) {
            // Only a single `chunked` coding: anything else (gzip, chunked; a repeat) could be framed differently downstream.
            if (transferEncoding || value.toLowerCase() !== "chunked") {
              throw new ResponseParseError("the upstream sent a Transfer-Encoding other than a single `chunked`");
            }
            transferEncoding = true;
            chunked = true;
          }
          break;
      }
      at = fieldEnd + 2;
    }
    if (chunked && contentLength !== -1) throw new ResponseParseError("the upstream sent both Content-Length and Transfer-Encoding");
    // RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 message means faulty framing; close after it.
    const connectionClose = closeToken || (!http11 && (!keepAliveToken || transferEncoding));

    if (statusCode < 200) {
      if (statusCode === 101) throw new ResponseParseError("the upstream switched protocols without being asked to");
      // An interim answer (100, 102, 103): the final one follows on the same connection, with its own hint.
      this.keepAliveHintMs = -1;
      return;
    }
    this.#sink.onHead(statusCode, statusText, rawHeaders);
    this.keepAlive = !connectionClose;
    if (this.#headRequest || statusCode === 204 || statusCode === 304) {
      // A body announced but not to be read: a backend that sends it anyway, later, would have it
      // taken for the next request's response. Such connections are not reused.
      if (chunked || contentLength > 0) this.keepAlive = false;
      this.#end();
    } else if (chunked) {
      this.#state = State.ChunkSize;
    } else if (contentLength !== -1) {
      this.#remaining = contentLength;
      if (contentLength === 0) this.#end();
      else this.#state = State.Body;
    } else {
      this.keepAlive = false;
      this.#state = State.UntilClose;
    }
  }

  #end(): void {
    this.#state = State.Done;
    this.#sink.onEnd();
  }

  /** Reads a chunk-size line: 1*HEXDIG [ *WSP ";" extensions ] CRLF. */
  #chunkSize(chunk: Buffer, at: number): number {
    const line = this.#line(chunk, at);
    if (line === undefined) return chunk.length;
    const { bytes, start, end, next } = line;
    let size = 0;
    let i = start;
    for (; i < end; i++) {
      const digit = HEX[bytes[i]!]!;
      if (digit === -1) break;
      size = size * 16 + digit;
    }
    const digits = i - start;
    if (digits === 0 || digits > MAX_CHUNK_SIZE_HEX_DIGITS) throw new ResponseParseError("the upstream sent a malformed chunk size");
    if (i < end) {
      while (i < end && (bytes[i] === SP || bytes[i] === HTAB)) i++;
      if (bytes[i] !== SEMICOLON) throw new ResponseParseError("the upstream sent a malformed chunk size");
      for (; i < end; i++) if (FIELD_VALUE[bytes[i]!] === 0) throw new ResponseParseError("the upstream sent a control character in a chunk extension");
    }
    if (size === 0) {
      this.#state = State.Trailers;
      this.#trailerBytes = 0;
    } else {
      this.#remaining = size;
      this.#state = State.ChunkData;
    }
    return next;
  }

  #chunkDataEnd(chunk: Buffer, at: number): number {
    const line = this.#line(chunk, at);
    if (line === undefined) return chunk.length;
    if (line.end !== line.start) throw new ResponseParseError("the upstream sent a chunk longer than its size");
    this.#state = State.ChunkSize;
    return line.next;
  }

  /** Trailer fields are read and dropped (nothing downstream asks for them); an empty line ends the body. */
  #trailers(chunk: Buffer, at: number): number {
    const line = this.#line(chunk, at);
    if (line === undefined) return chunk.length;
    const { bytes, start, end, next } = line;
    if (end === start) {
      this.#end();
      return next;
    }
    this.#trailerBytes += end - start + 2;
    if (this.#trailerBytes > MAX_RESPONSE_HEAD_BYTES) throw new ResponseParseError(`the response trailers are larger than ${MAX_RESPONSE_HEAD_BYTES} bytes`);
    if (bytes[start] === SP || bytes[start] === HTAB) throw new ResponseParseError("the upstream sent a folded trailer line");
    let colon = start;
    while (colon < end && TOKEN[bytes[colon]!] === 1) colon++;
    if (colon === start || bytes[colon] !== COLON) throw new ResponseParseError("the upstream sent a malformed trailer field");
    for (let i = colon + 1; i < end; i++) if (FIELD_VALUE[bytes[i]!] === 0) throw new ResponseParseError("the upstream sent a control character in a trailer");
    return next;
  }

  /**
   * One CRLF-terminated line starting at `at`, possibly continuing a partial line from earlier
   * chunks. Returns undefined (keeping the partial line) when its end has not arrived yet; `next`
   * is the offset in `chunk` after the line's CRLF.
   */
  #line(chunk: Buffer, at: number): { bytes: Buffer; start: number; end: number; next: number } | undefined {
    const partial = this.#partial;
    const bytes = partial.length === 0 ? chunk : Buffer.concat([partial, chunk.subarray(at)]);
    const start = partial.length === 0 ? at : 0;
    const lf = bytes.indexOf(LF, start);
    if (lf === -1) {
      if (bytes.length - start > MAX_CHUNK_LINE_BYTES) throw new ResponseParseError("the upstream sent a chunk line that is too long");
      this.#partial = Buffer.from(bytes.subarray(start));
      return undefined;
    }
    if (lf === start || bytes[lf - 1] !== CR) throw new ResponseParseError("the upstream sent a bare LF");
    const end = lf - 1;
    if (end - start > MAX_CHUNK_LINE_BYTES) throw new ResponseParseError("the upstream sent a chunk line that is too long");
    for (let i = start; i < end; i++) if (bytes[i] === CR) throw new ResponseParseError("the upstream sent a bare CR");
    this.#partial = NO_BUFFER;
    const next = partial.length === 0 ? lf + 1 : lf + 1 - partial.length + at;
    return { bytes, start, end, next };
  }
}

/** The CR of the CRLF ending the line at `start`, refusing bare CR or LF inside it; `limit` ends the head. */
function lineEndAt(bytes: Buffer, start: number, limit: number): number {
  for (let i = start; i < limit; i++) {
    const byte = bytes[i]!;
    if (byte === CR) {
      if (bytes[i + 1] !== LF) throw new ResponseParseError("the upstream sent a bare CR");
      return i;
    }
    if (byte === LF) throw new ResponseParseError("the upstream sent a bare LF");
  }
  return limit;
}

function isDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39;
}

/** The header name at `bytes[at]` equals `lower` ignoring ASCII case; lengths already match. */
function equalsLower(bytes: Buffer, at: number, lower: string): boolean {
  for (let i = 0; i < lower.length; i++) {
    if ((bytes[at + i]! | 0x20) !== lower.charCodeAt(i)) return false;
  }
  return true;
}

function hasToken(list: string, token: string): boolean {
  for (const item of list.split(",")) if (item.trim() === token) return true;
  return false;
}

/** Digits only, at most 15 of them; a repeat (or a comma list) must carry the same number. */
function mergeContentLength(previous: number, bytes: Buffer, valueStart: number, valueEnd: number, value: string): number {
  // The usual value is plain digits: read them off the bytes.
  if (valueEnd > valueStart && valueEnd - valueStart <= MAX_LENGTH_DIGITS) {
    let parsed = 0;
    let i = valueStart;
    for (; i < valueEnd && isDigit(bytes[i]!); i++) parsed = parsed * 10 + (bytes[i]! - 0x30);
    if (i === valueEnd) {
      if (previous !== -1 && parsed !== previous) throw new ResponseParseError("the upstream sent conflicting Content-Length values");
      return parsed;
    }
  }
  let length = previous;
  for (const item of value.split(",")) {
    const digits = item.trim();
    if (digits.length === 0 || digits.length > MAX_LENGTH_DIGITS || !/^[0-9]+$/.test(digits)) {
      throw new ResponseParseError("the upstream sent a malformed Content-Length");
    }
    const parsed = Number(digits);
    if (length !== -1 && parsed !== length) throw new ResponseParseError("the upstream sent conflicting Content-Length values");
    length = parsed;
  }
  return length;
}
