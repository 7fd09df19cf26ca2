import { resolve } from "node:path";
import { ZCidr } from "@gatehouse/shared";
import { z } from "zod";

const ZPort = z.coerce.number().int().min(0).max(65535);

/**
 * What one start runs. `all` (the default, `npm start`) is web and a local proxy in one go; `web` and `proxy`
 * split them, for containers and for more machines (compose runs one image twice, once per role).
 */
export const START_ROLES = ["all", "web", "proxy"] as const;
export type TStartRole = (typeof START_ROLES)[number];

/** Everything `npm start` reads from the environment, validated once. */
export const ZStartEnv = z
  .object({
    GATEHOUSE_ROLE: z.enum(START_ROLES, { error: `GATEHOUSE_ROLE must be one of: ${START_ROLES.join(", ")} (all runs web and proxy together).` }).default("all"),
    GATEHOUSE_DATA_DIR: z.string().default("./data").transform((dir) => resolve(dir)),
    GATEHOUSE_WEB_PORT: ZPort.default(3000),
    // The admin UI stays on loopback unless asked otherwise: the first visitor creates the owner account.
    GATEHOUSE_WEB_BIND: z.string().default("127.0.0.1"),
    GATEHOUSE_PROXY_HTTP_PORT: ZPort.default(8080),
    // "off" serves plain HTTP only; 0 takes any free port (tests).
    GATEHOUSE_PROXY_HTTPS_PORT: z.union([z.literal("off"), ZPort]).default(8443),
    // The port browsers reach HTTPS on (e.g. 443 behind a port forward), written into force-HTTPS redirects.
    GATEHOUSE_PROXY_PUBLIC_HTTPS_PORT: ZPort.optional(),
    GATEHOUSE_PROXY_BIND: z.string().default("0.0.0.0"),
    // Where a proxy-only start finds the web service (e.g. http://web:3000 in compose).
    GATEHOUSE_CONTROL_PLANE_URL: z.url({ protocol: /^https?$/, error: "GATEHOUSE_CONTROL_PLANE_URL must be an http:// or https:// URL, e.g. http://web:3000." }).optional(),
    GATEHOUSE_SECRET: z.string().min(32, "GATEHOUSE_SECRET must be at least 32 characters (try: openssl rand -base64 48).").optional(),
    GATEHOUSE_NODE_TOKEN: z.string().min(32, "GATEHOUSE_NODE_TOKEN must be at least 32 characters (try: openssl rand -base64 48).").optional(),
    GATEHOUSE_DEV: z.stringbool().default(false),
    // Reverse proxies in front of the admin UI whose X-Forwarded-* it believes (comma-separated IPs or
    // CIDRs); by default nobody's, so a client cannot choose the address sign-in throttling counts.
    GATEHOUSE_WEB_TRUSTED_PROXIES: z
      .string()
      .default("")
      .transform((value) => value.split(",").map((entry) => entry.trim()).filter((entry) => entry.length > 0))
      .pipe(z.array(ZCidr)),
  })
  .refine((env) => env.GATEHOUSE_ROLE !== "proxy" || env.GATEHOUSE_CONTROL_PLANE_URL !== undefined, {
    path: ["GATEHOUSE_CONTROL_PLANE_URL"],
    message: "GATEHOUSE_ROLE=proxy needs the web service's address: set GATEHOUSE_CONTROL_PLANE_URL (e.g. http://web:3000) and GATEHOUSE_NODE_TOKEN.",
  });

export type TStartEnv = z.infer<typeof ZStartEnv>;

export function readStartEnv(env: NodeJS.ProcessEnv): TStartEnv {
  const result = ZStartEnv.safeParse(withoutEmptyValues(env));
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return result.data;
}

/** An empty variable (`FOO=` in an .env or compose file) means "not set", as the proxy reads it too. */
export function withoutEmptyValues(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
}

/** An address this machine can connect to for a server bound to `bind` (0.0.0.0 means every interface). */
export function localAddress(bind: string): string {
  return bind === "0.0.0.0" || bind === "::" ? "127.0.0.1" : bind;
}
