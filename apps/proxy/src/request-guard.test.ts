import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { fieldValue, findAmbiguity } from "./request-guard.ts";

function head(rawHeaders: string[], httpVersion = "1.1"): IncomingMessage {
  return { httpVersion, rawHeaders } as unknown as IncomingMessage;
}

describe("findAmbiguity", () => {
  it("passes an ordinary request", () => {
    expect(findAmbiguity(head(["Host", "a.test", "Content-Length", "12", "Accept", "*/*"]))).toBeUndefined();
    expect(findAmbiguity(head(["Host", "a.test", "Transfer-Encoding", "Chunked"]))).toBeUndefined();
    expect(findAmbiguity(head(["Content-Length", "0"], "1.0"))).toBeUndefined();
  });

  it("refuses a second Host field, in any case", () => {
    expect(findAmbiguity(head(["Host", "a.test", "HOST", "b.test"]))).toBe("duplicate-host");
  });

  it("refuses every transfer coding but exactly chunked, and any on HTTP/1.0", () => {
    for (const value of [",chunked", "gzip, chunked", "chunked,", "identity", ""]) {
      expect(findAmbiguity(head(["Host", "a.test", "Transfer-Encoding", value]))).toBe("transfer-encoding");
    }
    expect(findAmbiguity(head(["Transfer-Encoding", "chunked"], "1.0"))).toBe("transfer-encoding");
  });

  it("refuses lengths with leading zeros or too many digits", () => {
    for (const value of ["002", "00", "0x10", "1234567890123456"]) {
      expect(findAmbiguity(head(["Host", "a.test", "Content-Length", value]))).toBe("content-length");
    }
    expect(findAmbiguity(head(["Host", "a.test", "Content-Length", "123456789012345"]))).toBeUndefined();
  });

  it("refuses versions other than HTTP/1.0 and 1.1", () => {
    expect(findAmbiguity(head(["Host", "a.test"], "2.0"))).toBe("http-version");
    expect(findAmbiguity(head(["Host", "a.test"], "0.9"))).toBe("http-version");
  });
});

describe("fieldValue", () => {
  it("finds a field whatever its case, and nothing when it is missing", () => {
    expect(fieldValue(head(["Accept", "*/*", "hOsT", "a.test"]), "host")).toBe("a.test");
    expect(fieldValue(head(["Accept", "*/*", "Hostname", "x"]), "host")).toBeUndefined();
  });
});
