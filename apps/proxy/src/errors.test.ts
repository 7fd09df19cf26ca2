import { describe, expect, it } from "vitest";
import { escapeHtml, PROXY_ERRORS, renderErrorPage } from "./errors.ts";

describe("error pages", () => {
  it("maps each code to its status", () => {
    expect(Object.fromEntries(Object.entries(PROXY_ERRORS).map(([code, error]) => [code, error.status]))).toEqual({
      BAD_HOST: 400,
      BAD_REQUEST_TARGET: 400,
      AMBIGUOUS_REQUEST: 400,
      UPGRADE_REFUSED: 400,
      BODY_TIMEOUT: 408,
      BODY_TOO_LARGE: 413,
      TOO_MANY_CONNECTIONS: 503,
      UNKNOWN_HOST: 404,
      NO_LOCATION: 404,
      INTERNAL: 500,
      UPSTREAM_UNREACHABLE: 502,
      UPSTREAM_UNAVAILABLE: 503,
      UPSTREAM_TIMEOUT: 504,
    });
  });

  it("names the unknown host", () => {
    const page = renderErrorPage("UNKNOWN_HOST", "shop.example.com");
    expect(page.status).toBe(404);
    expect(page.html).toContain("No site is configured for shop.example.com");
  });

  it("never echoes markup", () => {
    const page = renderErrorPage("UNKNOWN_HOST", `<script>alert("x")</script>`);
    expect(page.html).not.toContain("<script>");
    expect(page.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(escapeHtml(`&'`)).toBe("&amp;&#39;");
  });
});
