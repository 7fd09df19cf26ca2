import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { AppError, zodFieldErrors } from "@gatehouse/shared";
import { z } from "zod";
import { edgeLimitsFromEnv, ZEdgeLimitsEnv, type TEdgeLimits } from "./limits/edge-limits.ts";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export type TConfigSource =
  | { kind: "file"; path: string }
  | { kind: "control-plane"; url: string; nodeToken: string };

/** Where access log lines go: nowhere, stdout (fd 1), or appended to a file. */
export type TAccessLogTarget = "off" | "stdout" | { path: string };

export interface TProxySettings {
  source: TConfigSource;
  httpPort: number;
  /** HTTPS (TLS with HTTP/2 and HTTP/1.1) port; null when turned off, 0 for any free port. */
  httpsPort: number | null;
  /** The HTTPS port clients reach from outside (a port mapping may differ from httpsPort): force-HTTPS redirects name it. */
  publicHttpsPort: number;
  bind: string;
  stateDir: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** Serving processes; 1 serves from the main process itself, more forks one worker each. */
  workers: number;
  /** How long SIGTERM waits for in-flight requests before cutting them. */
  shutdownGraceMs: number;
  accessLog: TAccessLogTarget;
  /** Prometheus endpoint on 127.0.0.1; null when turned off, 0 for any free port. */
  metricsPort: number | null;
  /** Client timeouts, header size and connection cap (limits/edge-limits.ts). */
  edgeLimits: TEdgeLimits;
}

const ZProxyEnv = z.object({
  GATEHOUSE_CONTROL_PLANE_URL: z.url({ protocol: /^https?$/, error: "Must be an http(s) URL." }).optional(),
  GATEHOUSE_NODE_TOKEN: z.string().trim().min(1).optional(),
  GATEHOUSE_NODE_TOKEN_FILE: z.string().optional(),
  GATEHOUSE_PROXY_HTTP_PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  GATEHOUSE_PROXY_HTTPS_PORT: z.union([z.literal("off"), z.coerce.number().int().min(0).max(65_535)]).default(8443),
  GATEHOUSE_PROXY_PUBLIC_HTTPS_PORT: z.coerce.number().int().min(1).max(65_535).default(443),
  GATEHOUSE_PROXY_BIND: z.string().default("0.0.0.0"),
  GATEHOUSE_DATA_DIR: z.string().default("./data"),
  GATEHOUSE_PROXY_STATE_DIR: z.string().optional(),
  GATEHOUSE_PROXY_LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  GATEHOUSE_PROXY_WORKERS: z.coerce.number().int().min(1).max(256).optional(),
  GATEHOUSE_PROXY_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  GATEHOUSE_PROXY_ACCESS_LOG: z.string().default("stdout"),
  GATEHOUSE_PROXY_METRICS_PORT: z
    .union([z.literal("off"), z.coerce.number().int().min(0).max(65_535)])
    .default(9464),
  ...ZEdgeLimitsEnv.shape,
});

/**
 * Reads the command line and environment once, at start-up. `--config <file>` runs from a snapshot
 * file and wins over control-plane variables, so a test or an operator can always pin a config.
 */
export async function loadSettings(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<TProxySettings> {
  let configFile: string | undefined;
  try {
    configFile = parseArgs({ args: [...argv], options: { config: { type: "string" } }, strict: true }).values.config;
  } catch (error) {
    throw new AppError("BAD_INPUT", `${(error as Error).message}. Usage: gatehouse-proxy [--config <snapshot.json>]`);
  }

  // An empty variable (`FOO=` in a compose file) means "not set", not "set to nothing".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = ZProxyEnv.safeParse(present);
  if (!parsed.success) {
    throw new AppError("BAD_INPUT", `Invalid environment: ${z.prettifyError(parsed.error)}`, zodFieldErrors(parsed.error));
  }
  const vars = parsed.data;
  const dataDir = path.resolve(vars.GATEHOUSE_DATA_DIR);
  const common = {
    httpPort: vars.GATEHOUSE_PROXY_HTTP_PORT,
    httpsPort: vars.GATEHOUSE_PROXY_HTTPS_PORT === "off" ? null : vars.GATEHOUSE_PROXY_HTTPS_PORT,
    publicHttpsPort: vars.GATEHOUSE_PROXY_PUBLIC_HTTPS_PORT,
    bind: vars.GATEHOUSE_PROXY_BIND,
    stateDir: path.resolve(vars.GATEHOUSE_PROXY_STATE_DIR ?? path.join(dataDir, "proxy")),
    logLevel: vars.GATEHOUSE_PROXY_LOG_LEVEL,
    workers: vars.GATEHOUSE_PROXY_WORKERS ?? os.availableParallelism(),
    shutdownGraceMs: vars.GATEHOUSE_PROXY_SHUTDOWN_GRACE_MS,
    accessLog: accessLogTarget(vars.GATEHOUSE_PROXY_ACCESS_LOG),
    metricsPort: vars.GATEHOUSE_PROXY_METRICS_PORT === "off" ? null : vars.GATEHOUSE_PROXY_METRICS_PORT,
    edgeLimits: edgeLimitsFromEnv(vars),
  };

  if (configFile !== undefined) {
    if (configFile.trim() === "") throw new AppError("BAD_INPUT", "--config needs the path of a snapshot JSON file.");
    return { ...common, source: { kind: "file", path: path.resolve(configFile) } };
  }
  if (vars.GATEHOUSE_CONTROL_PLANE_URL === undefined) {
    throw new AppError(
      "BAD_INPUT",
      "Nothing to serve: start with --config <snapshot.json>, or set GATEHOUSE_CONTROL_PLANE_URL and a node token.",
    );
  }
  const nodeToken =
    vars.GATEHOUSE_NODE_TOKEN ??
    (await readTokenFile(vars.GATEHOUSE_NODE_TOKEN_FILE ?? path.join(dataDir, "node-token"), vars.GATEHOUSE_NODE_TOKEN_FILE !== undefined));
  return { ...common, source: { kind: "control-plane", url: vars.GATEHOUSE_CONTROL_PLANE_URL, nodeToken } };
}

function accessLogTarget(value: string): TAccessLogTarget {
  if (value === "off" || value === "stdout") return value;
  return { path: path.resolve(value) };
}

async function readTokenFile(file: string, named: boolean): Promise<string> {
  let token: string;
  try {
    token = (await readFile(file, "utf8")).trim();
  } catch (error) {
    const hint = named
      ? `GATEHOUSE_NODE_TOKEN_FILE points at ${file}, which cannot be read (${(error as NodeJS.ErrnoException).code}).`
      : `No node token: set GATEHOUSE_NODE_TOKEN or GATEHOUSE_NODE_TOKEN_FILE, or create ${file}.`;
    throw new AppError("BAD_INPUT", hint);
  }
  if (token === "") throw new AppError("BAD_INPUT", `The node token file ${file} is empty.`);
  return token;
}
