// Container health check (Dockerfile HEALTHCHECK, compose healthcheck): exits 0 when what this
// GATEHOUSE_ROLE runs answers, 1 otherwise. The slim image has no curl, so node does the asking.
import { connect } from "node:net";
import { localAddress, readStartEnv } from "./start-config.ts";

const TIMEOUT_MS = 5_000;

/** The web app's /api/health answers only once the database can be read. */
async function webHealthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * The proxy is healthy when its HTTP port takes a request and reacts: any answer, or a closed connection
 * (what "close the connection" for unknown hosts does), proves its event loop runs; a refused connection
 * or silence does not.
 */
function proxyHealthy(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (healthy: boolean) => {
      socket.destroy();
      resolve(healthy);
    };
    socket.setTimeout(TIMEOUT_MS, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("GET / HTTP/1.1\r\nHost: healthcheck.invalid\r\nConnection: close\r\n\r\n"));
    socket.once("data", () => done(true));
    socket.once("end", () => done(true));
  });
}

const env = readStartEnv(process.env);
const checks: Promise<boolean>[] = [];
if (env.GATEHOUSE_ROLE !== "proxy") checks.push(webHealthy(`http://${localAddress(env.GATEHOUSE_WEB_BIND)}:${env.GATEHOUSE_WEB_PORT}`));
if (env.GATEHOUSE_ROLE !== "web") checks.push(proxyHealthy(localAddress(env.GATEHOUSE_PROXY_BIND), env.GATEHOUSE_PROXY_HTTP_PORT));
const results = await Promise.all(checks);
process.exit(results.every(Boolean) ? 0 : 1);
