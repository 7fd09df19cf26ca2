import { z } from "zod";
import { ZDomainPattern } from "../domain-pattern.ts";
import { ZProxyHostTls } from "./tls.ts";

// Fields that frame the message or belong to one connection (RFC 9110 §7.6.1). The proxy sets them
// per hop; a configured value would let a host's settings desynchronize the connection with the
// client or the backend (request smuggling), so they cannot be edited.
const RESERVED_HEADER_NAMES = new Set([
  "connection",
  "content-length",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

const ZHeaderName = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$/, "A header name uses letters, digits and -.")
  .refine((name) => !RESERVED_HEADER_NAMES.has(name.toLowerCase()), "This header is set by the proxy for each connection and cannot be changed.");
// Node's rule for a field value: tab and printable Latin-1 only. A line break would start a new
// header or response; a character above U+00FF would lose its high byte on the wire (U+010D, U+010A
// become CR, LF), which is the same thing by another route.
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const HEADER_VALUE_MESSAGE = "A header value can hold only printable Latin-1 characters and tabs: no line breaks or control characters.";
const ZHeaderValue = z.string().max(8192).regex(HEADER_VALUE, HEADER_VALUE_MESSAGE);

export const ZHeaderEdit = z.object({ name: ZHeaderName, value: ZHeaderValue });

export const REDIRECT_STATUSES = [301, 302, 307, 308] as const;

export const ZLocationAction = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("proxy"),
    upstreamId: z.string().min(1),
    /** Remove the location's path prefix before forwarding (`/api/users` -> `/users`). */
    stripPrefix: z.boolean().default(false),
  }),
  z.object({
    type: z.literal("respond"),
    status: z.number().int().min(200).max(599),
    body: z.string().max(65_536).default(""),
    contentType: z.string().max(256).regex(HEADER_VALUE, HEADER_VALUE_MESSAGE).default("text/plain; charset=utf-8"),
  }),
  z.object({
    type: z.literal("redirect"),
    status: z.union(REDIRECT_STATUSES.map((s) => z.literal(s)) as [z.ZodLiteral<301>, z.ZodLiteral<302>, z.ZodLiteral<307>, z.ZodLiteral<308>]),
    /**
     * Absolute URL (scheme and host, optionally a path) to send clients to. ASCII only, as it goes
     * into Location as it is (see HEADER_VALUE for why wider characters are not safe there).
     */
    to: z
      .url({ protocol: /^https?$/ })
      // Piped: checked only once it is a URL, so a non-URL gets one message.
      .pipe(z.string().regex(/^[\x21-\x7e]+$/, "Write the address in ASCII: the host in its xn-- form, other characters percent-encoded (as a browser's address bar copies it).")),
    /** Append the request's path and query to `to`. */
    keepPath: z.boolean().default(true),
  }),
]);

export const ZLocation = z.object({
  /** Matched as a path prefix on segment boundaries; the longest matching prefix wins. */
  path: z.string().startsWith("/").max(2048).regex(/^[^?#\s]*$/, "A location path has no query, fragment or spaces."),
  action: ZLocationAction,
});

export const ZHostOptions = z.object({
  /** 413 above this many request body bytes; null means no limit. */
  maxBodyBytes: z.number().int().min(0).nullable().default(null),
  /** Send the client's Host to the upstream (true), or the target's own host (false). */
  preserveHost: z.boolean().default(true),
  requestHeaders: z.array(ZHeaderEdit).max(50).default([]),
  responseHeaders: z.array(ZHeaderEdit).max(50).default([]),
  /** Drop Server and X-Powered-By from upstream responses. */
  hideServerHeaders: z.boolean().default(false),
});

export const ZProxyHost = z.object({
  id: z.string().min(1),
  domains: z.array(ZDomainPattern).min(1, "A host needs at least one domain."),
  locations: z
    .array(ZLocation)
    .min(1, "A host needs at least one location.")
    .refine((locations) => new Set(locations.map((l) => l.path)).size === locations.length, "Two locations have the same path."),
  options: ZHostOptions.prefault({}),
  tls: ZProxyHostTls.prefault({}),
});

export type THeaderEdit = z.infer<typeof ZHeaderEdit>;
export type TLocationAction = z.infer<typeof ZLocationAction>;
export type TLocation = z.infer<typeof ZLocation>;
export type THostOptions = z.infer<typeof ZHostOptions>;
export type TProxyHost = z.infer<typeof ZProxyHost>;
