import { describe, expect, it } from "vitest";
import { Http1ResponseParser, MAX_RESPONSE_HEAD_BYTES, ResponseParseError, type TResponseSink } from "./http1-response-parser.ts";

/** Records what the parser hands out; `pauseAfter` makes onBody return false on those call numbers (1-based). */
class RecordingSink implements TResponseSink {
  readonly heads: { status: number; text: string; headers: string[] }[] = [];
  readonly pieces: string[] = [];
  ends = 0;
  readonly #pauseAfter: ReadonlySet<number>;

  constructor(pauseAfter: readonly number[] = []) {
    this.#pauseAfter = new Set(pauseAfter);
  }

  onHead(statusCode: number, statusText: string, rawHeaders: string[]): void {
    this.heads.push({ status: statusCode, text: statusText, headers: rawHeaders });
  }

  onBody(chunk: Buffer): boolean {
    this.pieces.push(chunk.toString("latin1"));
    return !this.#pauseAfter.has(this.pieces.length);
  }

  onEnd(): void {
    this.ends += 1;
  }

  get body(): string {
    return this.pieces.join("");
  }
}

function parserFor(method = "GET", sink = new RecordingSink()): { parser: Http1ResponseParser; sink: RecordingSink } {
  const parser = new Http1ResponseParser(sink);
  parser.expect(method);
  return { parser, sink };
}

/** Feeds `text` in pieces of `size` bytes. */
function feed(parser: Http1ResponseParser, text: string, size = text.length): void {
  const bytes = Buffer.from(text, "latin1");
  for (let at = 0; at < bytes.length; at += size) parser.execute(bytes.subarray(at, at + size));
}

function parse(text: string, method = "GET"): { parser: Http1ResponseParser; sink: RecordingSink } {
  const result = parserFor(method);
  feed(result.parser, text);
  return result;
}

function refusal(text: string, method = "GET"): ResponseParseError {
  try {
    parse(text, method);
  } catch (error) {
    expect(error).toBeInstanceOf(ResponseParseError);
    return error as ResponseParseError;
  }
  throw new Error("the parser accepted the response");
}

describe("Http1ResponseParser framing", () => {
  const response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nhello world";

  it("delivers a content-length body exactly, whatever the read sizes (head byte by byte)", () => {
    for (const size of [1, 2, 3, 7, response.length]) {
      const { parser, sink } = parserFor();
      feed(parser, response, size);
      expect(sink.heads).toEqual([{ status: 200, text: "OK", headers: ["Content-Type", "text/plain", "Content-Length", "11"] }]);
      expect(sink.body).toBe("hello world");
      expect(sink.ends).toBe(1);
      expect(parser.done).toBe(true);
      expect(parser.keepAlive).toBe(true);
      expect(parser.extraBytes).toBe(false);
    }
  });

  it("reports headReceived only once the blank line has arrived", () => {
    const { parser } = parserFor();
    feed(parser, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r");
    expect(parser.headReceived).toBe(false);
    feed(parser, "\n");
    expect(parser.headReceived).toBe(true);
    expect(parser.done).toBe(false);
  });

  it("keeps raw header names as sent and trims the values", () => {
    const { sink } = parse("HTTP/1.1 404 Not  Found\r\nX-MiXed-Case:  \t spaced out \t \r\nEmpty:\r\nContent-Length: 0\r\n\r\n");
    expect(sink.heads).toEqual([{ status: 404, text: "Not  Found", headers: ["X-MiXed-Case", "spaced out", "Empty", "", "Content-Length", "0"] }]);
    expect(sink.ends).toBe(1);
  });

  it("accepts a status line without a reason phrase", () => {
    expect(parse("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n").sink.heads).toEqual([{ status: 200, text: "", headers: ["Content-Length", "0"] }]);
    expect(parse("HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n").sink.heads[0]!.text).toBe("");
  });

  it("de-chunks a chunked body with extensions and mixed-case hex, dropping trailers", () => {
    const text =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n" +
      "5\r\nhello\r\n" +
      "1;name=value\r\n \r\n" +
      "a ; x=\"q\"\r\n0123456789\r\n" +
      "1A\r\nabcdefghijklmnopqrstuvwxyz\r\n" +
      "1b\r\nABCDEFGHIJKLMNOPQRSTUVWXYZ!\r\n" +
      "0\r\nX-Trailer: dropped\r\nOther: too\r\n\r\n";
    for (const size of [1, 2, 5, text.length]) {
      const { parser, sink } = parserFor();
      feed(parser, text, size);
      expect(sink.heads).toEqual([{ status: 200, text: "OK", headers: ["Transfer-Encoding", "Chunked"] }]);
      expect(sink.body).toBe("hello 0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!");
      expect(sink.ends).toBe(1);
      expect(parser.done).toBe(true);
      expect(parser.keepAlive).toBe(true);
      expect(parser.extraBytes).toBe(false);
    }
  });

  it("ends a HEAD answer, a 204 and a 304 at the head, even with a Content-Length", () => {
    const head = parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", "HEAD");
    const noContent = parse("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n");
    const notModified = parse("HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n");
    for (const { parser, sink } of [head, noContent, notModified]) {
      expect(sink.pieces).toEqual([]);
      expect(sink.ends).toBe(1);
      expect(parser.done).toBe(true);
      // The announced body might still come, later, and pass for the next response: not reused.
      expect(parser.keepAlive).toBe(false);
    }
    // Announcing nothing, they leave the connection reusable.
    expect(parse("HTTP/1.1 204 No Content\r\n\r\n").parser.keepAlive).toBe(true);
    expect(parse("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", "HEAD").parser.keepAlive).toBe(true);
    expect(noContent.sink.heads[0]!.status).toBe(204);
    expect(notModified.sink.heads[0]!.status).toBe(304);
    // A body after a body-less answer is not the next response: the connection must not be reused.
    const { parser } = parse("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nhello");
    expect(parser.extraBytes).toBe(true);
  });

  it("skips 100 and 103 interim heads and delivers the final one", () => {
    const text = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok";
    for (const size of [1, 4, text.length]) {
      const { parser, sink } = parserFor();
      feed(parser, text, size);
      expect(sink.heads).toEqual([{ status: 201, text: "Created", headers: ["Content-Length", "2"] }]);
      expect(sink.body).toBe("ok");
      expect(parser.done).toBe(true);
    }
  });

  it("runs a body without length to the end of the connection, which is then not reused", () => {
    const { parser, sink } = parse("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nsome");
    feed(parser, " more");
    expect(parser.endsWithConnection).toBe(true);
    expect(parser.keepAlive).toBe(false);
    expect(sink.ends).toBe(0);
    parser.finish();
    expect(sink.body).toBe("some more");
    expect(sink.ends).toBe(1);
    expect(parser.done).toBe(true);
  });

  it("keeps an HTTP/1.0 connection only when the backend asks for keep-alive", () => {
    expect(parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").parser.keepAlive).toBe(false);
    expect(parse("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n").parser.keepAlive).toBe(true);
    expect(parse("HTTP/1.0 200 OK\r\nConnection: keep-alive, close\r\nContent-Length: 0\r\n\r\n").parser.keepAlive).toBe(false);
    // A later field does not undo an earlier `close`.
    expect(parse("HTTP/1.0 200 OK\r\nConnection: close\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n").parser.keepAlive).toBe(false);
  });

  it("does not keep an HTTP/1.0 connection that sent Transfer-Encoding (RFC 9112 §6.1)", () => {
    const { parser, sink } = parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n");
    expect(sink.body).toBe("ok");
    expect(parser.done).toBe(true);
    expect(parser.keepAlive).toBe(false);
  });

  it("does not keep a connection the backend closes", () => {
    const { parser, sink } = parse("HTTP/1.1 200 OK\r\nConnection: Close\r\nContent-Length: 2\r\n\r\nok");
    expect(sink.body).toBe("ok");
    expect(parser.done).toBe(true);
    expect(parser.keepAlive).toBe(false);
  });

  it("reads the Keep-Alive timeout hint in milliseconds", () => {
    expect(parse("HTTP/1.1 200 OK\r\nKeep-Alive: timeout=5, max=100\r\nContent-Length: 0\r\n\r\n").parser.keepAliveHintMs).toBe(5000);
    expect(parse("HTTP/1.1 200 OK\r\nkeep-alive: max=3,Timeout = 12\r\nContent-Length: 0\r\n\r\n").parser.keepAliveHintMs).toBe(12000);
    expect(parse("HTTP/1.1 200 OK\r\nKeep-Alive: max=100\r\nContent-Length: 0\r\n\r\n").parser.keepAliveHintMs).toBe(-1);
    expect(parse("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n").parser.keepAliveHintMs).toBe(-1);
  });

  it("flags bytes that follow a complete response", () => {
    const { parser, sink } = parse("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n");
    expect(sink.body).toBe("ok");
    expect(sink.heads).toHaveLength(1);
    expect(parser.done).toBe(true);
    expect(parser.extraBytes).toBe(true);
    const later = parse("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    expect(later.parser.extraBytes).toBe(false);
    feed(later.parser, "x");
    expect(later.parser.extraBytes).toBe(true);
  });

  it("starts afresh for the next request on the connection", () => {
    const { parser, sink } = parse("HTTP/1.1 200 OK\r\nKeep-Alive: timeout=5\r\nContent-Length: 1\r\n\r\na");
    parser.expect("GET");
    expect(parser.done).toBe(false);
    expect(parser.keepAliveHintMs).toBe(-1);
    feed(parser, "HTTP/1.1 202 Accepted\r\nContent-Length: 1\r\n\r\nb", 3);
    expect(sink.heads.map((head) => head.status)).toEqual([200, 202]);
    expect(sink.body).toBe("ab");
    expect(sink.ends).toBe(2);
  });
});

describe("Http1ResponseParser backpressure", () => {
  it("stops when onBody returns false, queues later bytes, and resumes in order", () => {
    const sink = new RecordingSink([1]);
    const { parser } = parserFor("GET", sink);
    feed(parser, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
    expect(sink.pieces).toEqual(["abc"]);
    expect(parser.paused).toBe(true);
    feed(parser, "def");
    feed(parser, "ghij");
    expect(sink.pieces).toEqual(["abc"]);
    expect(sink.ends).toBe(0);
    parser.resume();
    expect(parser.paused).toBe(false);
    expect(sink.body).toBe("abcdefghij");
    expect(sink.ends).toBe(1);
    expect(parser.done).toBe(true);
  });

  it("keeps the rest of a read when it pauses mid-chunk in a chunked body", () => {
    const sink = new RecordingSink([1, 2]);
    const { parser } = parserFor("GET", sink);
    feed(parser, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n");
    expect(sink.pieces).toEqual(["abc"]);
    parser.resume();
    expect(sink.pieces).toEqual(["abc", "def"]);
    expect(sink.ends).toBe(0);
    parser.resume();
    expect(sink.ends).toBe(1);
    expect(parser.done).toBe(true);
  });

  it("pauses a body that runs to the end of the connection", () => {
    const sink = new RecordingSink([1]);
    const { parser } = parserFor("GET", sink);
    feed(parser, "HTTP/1.1 200 OK\r\n\r\nfirst");
    feed(parser, "second");
    expect(sink.pieces).toEqual(["first"]);
    parser.resume();
    expect(sink.pieces).toEqual(["first", "second"]);
    parser.finish();
    expect(sink.ends).toBe(1);
  });
});

describe("Http1ResponseParser refusals", () => {
  const refused: Record<string, string> = {
    "an HTTP/2.0 status line": "HTTP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n",
    "a status line without a code": "HTTP/1.1 OK\r\nContent-Length: 0\r\n\r\n",
    "a two-digit status code": "HTTP/1.1 20 OK\r\nContent-Length: 0\r\n\r\n",
    "a four-digit status code": "HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n",
    "a status code below 100": "HTTP/1.1 099 Odd\r\nContent-Length: 0\r\n\r\n",
    "a lowercase protocol name": "http/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
    "a control character in the reason phrase": "HTTP/1.1 200 O\x01K\r\nContent-Length: 0\r\n\r\n",
    "obsolete line folding": "HTTP/1.1 200 OK\r\nX-A: one\r\n two\r\nContent-Length: 0\r\n\r\n",
    "a space before the colon": "HTTP/1.1 200 OK\r\nContent-Length : 0\r\n\r\n",
    "an empty field name": "HTTP/1.1 200 OK\r\n: value\r\nContent-Length: 0\r\n\r\n",
    "a field line without a colon": "HTTP/1.1 200 OK\r\nNoColon\r\nContent-Length: 0\r\n\r\n",
    "a bare LF in the head": "HTTP/1.1 200 OK\r\nX-A: one\nContent-Length: 0\r\n\r\n",
    "a bare LF ending the status line": "HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n",
    "a bare CR in a value": "HTTP/1.1 200 OK\r\nX-A: one\rtwo\r\nContent-Length: 0\r\n\r\n",
    "a NUL in a value": "HTTP/1.1 200 OK\r\nX-A: one\x00two\r\nContent-Length: 0\r\n\r\n",
    "a DEL in a value": "HTTP/1.1 200 OK\r\nX-A: one\x7ftwo\r\nContent-Length: 0\r\n\r\n",
    "Transfer-Encoding: gzip": "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
    "Transfer-Encoding: chunked, chunked": "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n",
    "Transfer-Encoding: gzip, chunked": "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
    "two Transfer-Encoding fields": "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    "Transfer-Encoding with Content-Length": "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    "Content-Length: 5, 6": "HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nhello!",
    "two differing Content-Length fields": "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
    "Content-Length: +5": "HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\nhello",
    "Content-Length: 0x5": "HTTP/1.1 200 OK\r\nContent-Length: 0x5\r\n\r\nhello",
    "Content-Length: 5 5": "HTTP/1.1 200 OK\r\nContent-Length: 5 5\r\n\r\nhello",
    "an empty Content-Length": "HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n",
    "a 16-digit Content-Length": "HTTP/1.1 200 OK\r\nContent-Length: 1000000000000000\r\n\r\n",
    "a 101 nobody asked for": "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
    "a chunk size without digits": "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\nabc\r\n0\r\n\r\n",
    "a chunk size that is not hex": "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\ng\r\nabc\r\n0\r\n\r\n",
    "a chunk size of 14 hex digits": "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n00000000000003\r\nabc\r\n0\r\n\r\n",
    "a chunk size with a sign": "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-3\r\nabc\r\n0\r\n\r\n",
    "a chunk size ending in a bare LF": "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\r\n0\r\n\r\n",
    "a chunk longer than its size": "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n0\r\n\r\n",
    "chunk data not followed by CRLF": "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc0\r\n\r\n",
    "a folded trailer": "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: a\r\n b\r\n\r\n",
    "a trailer without a colon": "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nbroken\r\n\r\n",
  };

  for (const [name, text] of Object.entries(refused)) {
    it(`refuses ${name}`, () => {
      refusal(text);
      // The same bytes one at a time: a refusal must not depend on where reads split.
      const { parser } = parserFor();
      expect(() => feed(parser, text, 1)).toThrow(ResponseParseError);
    });
  }

  it("names the refusal for the log with a stable code", () => {
    const error = refusal("HTTP/2.0 200 OK\r\n\r\n");
    expect(error.code).toBe("GATEHOUSE_UPSTREAM_PROTOCOL");
    expect(error.message).toBe("the upstream sent a malformed status line");
  });

  it("refuses a head larger than MAX_RESPONSE_HEAD_BYTES, and accepts one of exactly that size", () => {
    const start = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Pad: ";
    const exact = start + "a".repeat(MAX_RESPONSE_HEAD_BYTES - start.length - 4) + "\r\n\r\n";
    expect(Buffer.byteLength(exact)).toBe(MAX_RESPONSE_HEAD_BYTES);
    expect(parse(exact).parser.done).toBe(true);
    const over = start + "a".repeat(MAX_RESPONSE_HEAD_BYTES - start.length - 3) + "\r\n\r\n";
    expect(refusal(over).message).toBe(`the response head is larger than ${MAX_RESPONSE_HEAD_BYTES} bytes`);
    // Without its end: refused once the buffered part alone is too large, not kept growing.
    const { parser } = parserFor();
    expect(() => feed(parser, start + "a".repeat(MAX_RESPONSE_HEAD_BYTES), 1024)).toThrow(ResponseParseError);
  });

  it("refuses an end of connection before a content-length body is complete", () => {
    const { parser, sink } = parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel");
    expect(() => parser.finish()).toThrow(ResponseParseError);
    expect(sink.ends).toBe(0);
  });

  it("refuses an end of connection inside a chunked body or the head", () => {
    expect(() => parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n").parser.finish()).toThrow(ResponseParseError);
    expect(() => parse("HTTP/1.1 200 OK\r\n").parser.finish()).toThrow(ResponseParseError);
  });
});
