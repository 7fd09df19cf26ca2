import { resolve } from "node:path";
import { z } from "zod";

const ZPort = z.coerce.number().int().min(0).max(65535);

/** Everything `npm start` reads from the environment, validated once. */
export const ZStartEnv = z.object({
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
  GATEHOUSE_SECRET: z.string().min(32, "GATEHOUSE_SECRET must be at least 32 characters (try: openssl rand -base64 32).").optional(),
  GATEHOUSE_NODE_TOKEN: z.string().min(32, "GATEHOUSE_NODE_TOKEN must be at least 32 characters.").optional(),
  GATEHOUSE_DEV: z.stringbool().default(false),
});

export type TStartEnv = z.infer<typeof ZStartEnv>;

export function readStartEnv(env: NodeJS.ProcessEnv): TStartEnv {
  const result = ZStartEnv.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return result.data;
}
