import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { PROXY_NODE_FLAGS } from "../apps/proxy/src/node-flags.ts";
import { withoutEmptyValues, type TStartEnv } from "./start-config.ts";

const root = join(import.meta.dirname, "..");

export type Child = {
  name: string;
  process: ChildProcess;
  exited: Promise<number>;
  stop(): void;
};

function run(name: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, onLine?: (line: string) => void): Child {
  const child = spawn(process.execPath, args, { cwd, env: { ...withoutEmptyValues(process.env), ...env }, stdio: ["ignore", "pipe", "pipe"] });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on("line", (line) => {
      process.stdout.write(`[${name}] ${line}\n`);
      onLine?.(line);
    });
  }
  const exited = new Promise<number>((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1))));
  return {
    name,
    process: child,
    exited,
    stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      // A process that ignores SIGTERM must not keep `npm start` from exiting.
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      timer.unref();
    },
  };
}

/**
 * Builds the web app through turbo, which skips the build when its inputs have not changed. A production
 * install (no dev dependencies, e.g. the Docker image) has no build tools and runs the build it shipped with.
 */
export async function buildWebIfNeeded(log: (message: string) => void): Promise<void> {
  const turbo = join(root, "node_modules/turbo/bin/turbo");
  if (!existsSync(turbo)) {
    if (!existsSync(join(root, "apps/web/.next/BUILD_ID"))) {
      throw new Error("This install has no web build and no build tools (dev dependencies): run `npm ci && npm run build` first.");
    }
    log("production install: using the web build it shipped with");
    return;
  }
  log("checking the web build (builds once, then only after changes)...");
  execFileSync(process.execPath, [turbo, "run", "build", "--filter=@gatehouse/web", "--output-logs=errors-only"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", TURBO_TELEMETRY_DISABLED: "1" },
  });
}

/**
 * The admin UI through apps/web/server.ts (Next's custom-server API, `next dev` with GATEHOUSE_DEV),
 * which sets X-Forwarded-* from the TCP peer: `next start` would believe whatever a client sent.
 */
export function startWeb(env: TStartEnv, secret: string): Child {
  return run("web", ["--import", "tsx", join(root, "apps/web/server.ts")], join(root, "apps/web"), {
    GATEHOUSE_DATA_DIR: env.GATEHOUSE_DATA_DIR,
    GATEHOUSE_SECRET: secret,
    GATEHOUSE_WEB_PORT: String(env.GATEHOUSE_WEB_PORT),
    GATEHOUSE_WEB_BIND: env.GATEHOUSE_WEB_BIND,
    GATEHOUSE_DEV: env.GATEHOUSE_DEV ? "1" : "0",
    GATEHOUSE_WEB_TRUSTED_PROXIES: env.GATEHOUSE_WEB_TRUSTED_PROXIES.join(","),
    NEXT_TELEMETRY_DISABLED: "1",
  });
}

/** The ports the proxy bound, from its "proxy listening" line; httpsPort is null when HTTPS is off. */
export type TProxyPorts = { port: number; httpsPort: number | null };

/** A proxy node; without a token it reads its own (GATEHOUSE_NODE_TOKEN_FILE or `<data dir>/node-token`). */
export function startProxy(env: TStartEnv, nodeToken: string | undefined, controlPlaneUrl: string): Child & { ready: Promise<TProxyPorts> } {
  let onReady: (ports: TProxyPorts) => void = () => {};
  const ready = new Promise<TProxyPorts>((resolve) => (onReady = resolve));
  const child = run(
    "proxy",
    [...PROXY_NODE_FLAGS, "--import", "tsx", join(root, "apps/proxy/src/main.ts")],
    root,
    {
      GATEHOUSE_DATA_DIR: env.GATEHOUSE_DATA_DIR,
      GATEHOUSE_CONTROL_PLANE_URL: controlPlaneUrl,
      ...(nodeToken === undefined ? {} : { GATEHOUSE_NODE_TOKEN: nodeToken }),
      GATEHOUSE_PROXY_HTTP_PORT: String(env.GATEHOUSE_PROXY_HTTP_PORT),
      GATEHOUSE_PROXY_HTTPS_PORT: String(env.GATEHOUSE_PROXY_HTTPS_PORT),
      ...(env.GATEHOUSE_PROXY_PUBLIC_HTTPS_PORT === undefined
        ? {}
        : { GATEHOUSE_PROXY_PUBLIC_HTTPS_PORT: String(env.GATEHOUSE_PROXY_PUBLIC_HTTPS_PORT) }),
      GATEHOUSE_PROXY_BIND: env.GATEHOUSE_PROXY_BIND,
    },
    (line) => {
      if (!line.includes("proxy listening")) return;
      try {
        const { port, httpsPort } = JSON.parse(line) as { port: number; httpsPort?: number | null };
        onReady({ port, httpsPort: httpsPort ?? null });
      } catch {
        // not the JSON log line; keep waiting
      }
    },
  );
  return { ...child, ready };
}

/** Waits until the web app answers its health check, which reads the database. */
export async function waitForWeb(webUrl: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${webUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The web app did not answer at ${webUrl} within ${timeoutMs / 1000} s.`);
}
