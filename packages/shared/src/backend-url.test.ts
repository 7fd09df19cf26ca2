import { describe, expect, it } from "vitest";
import { ZBackendUrl } from "./backend-url.ts";

describe("ZBackendUrl", () => {
  it("normalizes to the origin", () => {
    expect(ZBackendUrl.parse(" http://127.0.0.1:9001 ")).toBe("http://127.0.0.1:9001");
    expect(ZBackendUrl.parse("https://Backend.internal/")).toBe("https://backend.internal");
    expect(ZBackendUrl.parse("http://[::1]:80")).toBe("http://[::1]");
  });

  it.each([
    ["not a url", "full URL"],
    ["ftp://files.example.com", "http:// or https://"],
    ["javascript:alert(1)", "http:// or https://"],
    ["http://user:pw@backend:80", "user name and password"],
    ["http://backend:80/api", "without a path"],
    ["http://backend:80/?x=1", "without a path"],
  ])("rejects %j", (input, message) => {
    const result = ZBackendUrl.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain(message);
  });
});
