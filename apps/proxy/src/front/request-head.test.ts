import { describe, expect, it } from "vitest";
import { parseRequestHead } from "./request-head.ts";

/** Parses `text` up to its first blank line, as the front calls the parser. */
function parse(text: string) {
  const bytes = Buffer.from(text, "latin1");
  return parseRequestHead(bytes, bytes.indexOf("\r\n\r\n"));
}

/** A head that the parser takes, with `line` replacing the request line or added as a field. */
const withRequestLine = (line: string) => `${line}\r\nHost: a.test\r\n\r\n`;
const withField = (field: string) => `GET / HTTP/1.1\r\nHost: a.test\r\n${field}\r\n\r\n`;

describe("parseRequestHead: what the lean front takes", () => {
  it("gives method, target, fields in their original case with trimmed values, and keep-alive", () => {
    expect(parse("GET /a/b?x=1&y=%2F HTTP/1.1\r\nHost: a.test\r\nX-Mixed-Case: \t padded value \t\r\naccept: */*\r\nX-Empty:\r\n\r\n")).toEqual({
      method: "GET",
      target: "/a/b?x=1&y=%2F",
      rawHeaders: ["Host", "a.test", "X-Mixed-Case", "padded value", "accept", "*/*", "X-Empty", ""],
      close: false,
    });
  });

  it("takes HEAD, and reads Connection: close and keep-alive in any case", () => {
    expect(parse("HEAD / HTTP/1.1\r\nhost: a.test\r\nConnection: Close\r\n\r\n")).toEqual({
      method: "HEAD",
      target: "/",
      rawHeaders: ["host", "a.test", "Connection", "Close"],
      close: true,
    });
    expect(parse(withField("connection: Keep-Alive"))).toMatchObject({ close: false });
  });

  it("keeps obs-text bytes in values (latin1, as Node does)", () => {
    expect(parse(withField("X-Name: caf\xe9"))?.rawHeaders).toEqual(["Host", "a.test", "X-Name", "caf\xe9"]);
  });

  it("reads only up to the given end: a pipelined request behind the head is not part of it", () => {
    const bytes = Buffer.from("GET /one HTTP/1.1\r\nHost: a.test\r\n\r\nPOST /two HTTP/1.1\r\nHost: b.test\r\nContent-Length: 1\r\n\r\nx", "latin1");
    expect(parseRequestHead(bytes, bytes.indexOf("\r\n\r\n"))).toEqual({ method: "GET", target: "/one", rawHeaders: ["Host", "a.test"], close: false });
  });
});

describe("parseRequestHead: what it leaves to node:http", () => {
  const refused: Record<string, string> = {
    "another method": withRequestLine("POST / HTTP/1.1"),
    "a lower-case method": withRequestLine("get / HTTP/1.1"),
    "an absolute-form target": withRequestLine("GET http://a.test/ HTTP/1.1"),
    "the asterisk-form target": withRequestLine("GET * HTTP/1.1"),
    "no target": withRequestLine("GET HTTP/1.1"),
    "an empty target": withRequestLine("GET  HTTP/1.1"),
    "a space in the target": withRequestLine("GET /a b HTTP/1.1"),
    "a tab in the target": withRequestLine("GET /a\tb HTTP/1.1"),
    "a NUL in the target": withRequestLine("GET /a\0b HTTP/1.1"),
    "obs-text in the target": withRequestLine("GET /caf\xe9 HTTP/1.1"),
    "HTTP/1.0": withRequestLine("GET / HTTP/1.0"),
    "HTTP/1.2": withRequestLine("GET / HTTP/1.2"),
    "two spaces before the version": withRequestLine("GET /  HTTP/1.1"),
    "a bare LF ending the request line": "GET / HTTP/1.1\nHost: a.test\r\n\r\n",
    "a bare LF ending a field": "GET / HTTP/1.1\r\nHost: a.test\nX-A: 1\r\n\r\n",
    "two Host fields": withField("host: b.test"),
    "no Host": "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n",
    "no fields at all": "GET / HTTP/1.1\r\n\r\n",
    "Content-Length, even 0": withField("Content-Length: 0"),
    "Transfer-Encoding": withField("transfer-encoding: chunked"),
    "Upgrade": withField("Upgrade: websocket"),
    "Expect": withField("Expect: 100-continue"),
    "Connection: upgrade": withField("Connection: upgrade"),
    "a Connection list": withField("Connection: keep-alive, close"),
    "a space before the colon": withField("X-A : 1"),
    "an empty field name": withField(": 1"),
    "a field name with a separator": withField("X(A): 1"),
    "a line without a colon": withField("X-A"),
    "obs-fold": withField("X-A: 1\r\n continued"),
    "a bare CR inside a value": withField("X-A: 1\r2"),
    "a NUL in a value": withField("X-A: 1\x002"),
    "a DEL in a value": withField("X-A: 1\x7f2"),
    "another control byte in a value": withField("X-A: 1\x1b2"),
  };

  for (const [what, head] of Object.entries(refused)) {
    it(`refuses ${what}`, () => {
      expect(parse(head)).toBeUndefined();
    });
  }

  it("takes the same heads once the refused part is fixed (the cases above fail for their reason alone)", () => {
    expect(parse(withRequestLine("GET / HTTP/1.1"))).toBeDefined();
    expect(parse(withField("X-A: 1 2"))).toBeDefined();
    expect(parse(withField("Connection: keep-alive"))).toBeDefined();
  });
});
