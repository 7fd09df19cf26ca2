import { z } from "zod";
import { ZCidr } from "../cidr.ts";
import { ZUnknownSni } from "./tls.ts";

/** What the edge does for a Host no host claims. */
export const ZDefaultSite = z.discriminatedUnion("type", [
  z.object({ type: z.literal("not-found") }),
  /** Close the connection without an answer, like nginx's `return 444`. */
  z.object({ type: z.literal("close") }),
  z.object({ type: z.literal("redirect"), to: z.url({ protocol: /^https?$/ }), status: z.union([z.literal(301), z.literal(302), z.literal(307), z.literal(308)]) }),
]);

export const ZProxySettings = z.object({
  defaultSite: ZDefaultSite.default({ type: "not-found" }),
  /** Peers whose X-Forwarded-* headers are believed; everyone else's are replaced. */
  trustedProxies: z.array(ZCidr).max(100).default([]),
  unknownSni: ZUnknownSni.default("default-certificate"),
});

export type TDefaultSite = z.infer<typeof ZDefaultSite>;
export type TProxySettings = z.infer<typeof ZProxySettings>;
