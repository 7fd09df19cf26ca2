import { describe, expect, it } from "vitest";
import { classifyUpstreamFailure } from "./upstream-failure.ts";

function coded(code: string, message = "failed"): Error {
  return Object.assign(new Error(message), { code });
}

describe("classifyUpstreamFailure", () => {
  it.each([
    ["ECONNREFUSED", true, true, "UPSTREAM_UNREACHABLE"],
    ["ENOTFOUND", true, true, "UPSTREAM_UNREACHABLE"],
    ["ECONNRESET", true, true, "UPSTREAM_UNREACHABLE"],
    ["UND_ERR_SOCKET", true, true, "UPSTREAM_UNREACHABLE"],
    ["DEPTH_ZERO_SELF_SIGNED_CERT", true, true, "UPSTREAM_UNREACHABLE"],
    ["ERR_SSL_WRONG_VERSION_NUMBER", true, true, "UPSTREAM_UNREACHABLE"],
    ["UND_ERR_CONNECT_TIMEOUT", true, true, "UPSTREAM_TIMEOUT"],
    ["UND_ERR_HEADERS_TIMEOUT", false, true, "UPSTREAM_TIMEOUT"],
    ["UND_ERR_CLOSED", true, false, "UPSTREAM_UNREACHABLE"],
    ["HPE_INVALID_CONSTANT", false, true, "UPSTREAM_UNREACHABLE"],
  ] as const)("%s: retriable %s, target's fault %s, %s", (code, retriable, targetsFault, page) => {
    expect(classifyUpstreamFailure(coded(code))).toMatchObject({ retriable, targetsFault, code: page });
  });

  it("names the code in the message once", () => {
    expect(classifyUpstreamFailure(coded("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:1")).message).toBe("connect ECONNREFUSED 127.0.0.1:1");
    expect(classifyUpstreamFailure(coded("UND_ERR_SOCKET", "other side closed")).message).toBe("UND_ERR_SOCKET: other side closed");
  });
});
