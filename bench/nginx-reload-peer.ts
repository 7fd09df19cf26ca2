import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort } from "../tests/harness/free-port.ts";
import { waitForProxyStatus } from "../tests/harness/proxy-request.ts";

const NGINX = "/usr/sbin/nginx";

/**
 * The peer for save-to-served: what Nginx Proxy Manager does on each save — write a server block,
 * `nginx -s reload` — measured until nginx serves the new name.
 */
export type NginxReloadResult = { samples: number[]; closedConnections: number };

export async function measureNginxReload(workDir: string, backendUrl: string, saves: number): Promise<NginxReloadResult | undefined> {
  if (!existsSync(NGINX)) return undefined;
  const port = await freePort();
  const sites = join(workDir, "sites");
  mkdirSync(join(workDir, "logs"), { recursive: true });
  mkdirSync(sites, { recursive: true });
  const conf = join(workDir, "nginx.conf");
  writeFileSync(
    conf,
    `worker_processes 1; daemon off; pid ${workDir}/nginx.pid; error_log ${workDir}/logs/error.log;
events { worker_connections 1024; }
http { access_log off; client_body_temp_path ${workDir}; proxy_temp_path ${workDir};
  fastcgi_temp_path ${workDir}; uwsgi_temp_path ${workDir}; scgi_temp_path ${workDir};
  server { listen 127.0.0.1:${port} default_server; return 404; }
  include ${sites}/*.conf; }\n`,
  );
  const nginx = spawn(NGINX, ["-c", conf, "-p", workDir], { stdio: "ignore" });
  try {
    await sleep(300);
    const samples: number[] = [];
    // A reload retires the old workers, which close their idle keep-alive connections: clients see
    // "other side closed". Counted, then retried, so the latency is still measured.
    let closedConnections = 0;
    for (let i = 0; i < saves; i++) {
      const name = `nginx-${i}.bench.test`;
      const started = performance.now();
      writeFileSync(join(sites, `${i}.conf`), `server { listen 127.0.0.1:${port}; server_name ${name}; location / { proxy_pass ${backendUrl}; } }\n`);
      execFileSync(NGINX, ["-c", conf, "-p", workDir, "-s", "reload"], { stdio: "ignore" });
      await waitForProxyStatus(`http://127.0.0.1:${port}`, name, 200, { onSocketError: () => closedConnections++ });
      samples.push(performance.now() - started);
    }
    return { samples, closedConnections };
  } finally {
    nginx.kill("SIGTERM");
  }
}
