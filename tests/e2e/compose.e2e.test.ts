// compose.yaml as Debian's docker-compose (1.29) reads it: it validates without a Docker engine, as CI does.
// What it resolves to is turned into JSON by python3-yaml, which docker-compose itself depends on.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readDockerfileRuntime } from "../harness/dockerfile.ts";

const root = join(import.meta.dirname, "../..");
const hasCompose = spawnSync("docker-compose", ["version"], { stdio: "ignore" }).status === 0;

type TService = {
  build: { context: string };
  image: string;
  command?: unknown;
  environment: Record<string, string>;
  ports: string[];
  volumes: string[];
  restart: string;
  healthcheck: { test: string[] };
};

/** `docker-compose config` with these variables as its .env file (a developer's own .env is not read), as JSON. */
function resolvedCompose(vars: Record<string, string>): { services: Record<string, TService> } {
  const dir = mkdtempSync(join(tmpdir(), "gatehouse-compose-"));
  const envFile = join(dir, ".env");
  writeFileSync(envFile, Object.entries(vars).map(([key, value]) => `${key}=${value}\n`).join(""));
  let yaml: string;
  try {
    yaml = execFileSync("docker-compose", ["--env-file", envFile, "-f", "compose.yaml", "config"], {
      cwd: root,
      env: { PATH: process.env.PATH },
      encoding: "utf8",
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const json = execFileSync("python3", ["-c", "import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)"], {
    input: yaml,
    encoding: "utf8",
  });
  return JSON.parse(json);
}

describe.skipIf(!hasCompose)(`compose.yaml${hasCompose ? "" : " (skipped: docker-compose is not installed; apt-get install docker-compose)"}`, () => {
  it("passes `docker-compose -f compose.yaml config -q` without an .env (as CI runs it)", () => {
    const result = spawnSync("docker-compose", ["-f", "compose.yaml", "config", "-q"], { cwd: root, encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("runs web and proxy from one image with the Dockerfile's command, health check and a restart policy", () => {
    const { services } = resolvedCompose({});
    expect(Object.keys(services).sort()).toEqual(["proxy", "web"]);
    const healthcheck = ["CMD", ...readDockerfileRuntime().healthcheck];
    for (const service of Object.values(services)) {
      expect(service.build.context).toBe(root);
      expect(service.image).toBe(services.web!.image);
      expect(service.command).toBeUndefined();
      expect(service.healthcheck.test).toEqual(healthcheck);
      expect(service.restart).toBe("unless-stopped");
    }
  });

  it("publishes the admin UI on loopback only and the proxy on 80/443; web alone has the database volume", () => {
    const { services } = resolvedCompose({});
    const { web, proxy } = services as { web: TService; proxy: TService };
    expect(web.environment).toMatchObject({ GATEHOUSE_ROLE: "web", GATEHOUSE_WEB_BIND: "0.0.0.0", GATEHOUSE_DATA_DIR: "/data" });
    expect(web.ports).toEqual([`127.0.0.1:${web.environment.GATEHOUSE_WEB_PORT}:${web.environment.GATEHOUSE_WEB_PORT}/tcp`]);
    expect(web.volumes).toEqual(["data:/data:rw"]);

    expect(proxy.environment).toMatchObject({
      GATEHOUSE_ROLE: "proxy",
      // web by its compose service name, on the port web listens on
      GATEHOUSE_CONTROL_PLANE_URL: `http://web:${web.environment.GATEHOUSE_WEB_PORT}`,
      GATEHOUSE_PROXY_PUBLIC_HTTPS_PORT: "443",
    });
    const { GATEHOUSE_PROXY_HTTP_PORT: http, GATEHOUSE_PROXY_HTTPS_PORT: https } = proxy.environment;
    expect(proxy.ports).toEqual([
      { published: 80, target: Number(http) },
      { published: 443, target: Number(https) },
    ]);
    expect(proxy.volumes).toEqual(["proxy-state:/data:rw"]);
  });

  it("takes the secrets from .env: the same node token for both, the secret for web only", () => {
    const vars = { GATEHOUSE_SECRET: "s".repeat(48), GATEHOUSE_NODE_TOKEN: "t".repeat(48), GATEHOUSE_ADMIN_PUBLISH: "127.0.0.1:9000" };
    const { web, proxy } = resolvedCompose(vars).services as { web: TService; proxy: TService };
    expect(web.environment).toMatchObject({ GATEHOUSE_SECRET: vars.GATEHOUSE_SECRET, GATEHOUSE_NODE_TOKEN: vars.GATEHOUSE_NODE_TOKEN });
    expect(proxy.environment.GATEHOUSE_NODE_TOKEN).toBe(vars.GATEHOUSE_NODE_TOKEN);
    expect(proxy.environment).not.toHaveProperty("GATEHOUSE_SECRET");
    expect(web.ports).toEqual(["127.0.0.1:9000:3000/tcp"]);
  });
});
