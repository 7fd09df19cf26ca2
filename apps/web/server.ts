// The web app's HTTP server: Next's custom-server API behind a plain node:http server, so the TCP peer
// is known before Next handles a request. `next start` only fills in X-Forwarded-For when the request
// has none, so a client reaching the admin UI directly chose the address the sign-in limiter and the
// audit log see; here the forwarding headers are rebuilt from the peer (forwarded-headers.ts).
// Started by scripts/processes.ts (`npm start`, `npm run dev`, the Docker image) with tsx, cwd apps/web:
//   GATEHOUSE_WEB_PORT, GATEHOUSE_WEB_BIND, GATEHOUSE_DEV (1: `next dev` with HMR), GATEHOUSE_WEB_TRUSTED_PROXIES.
// Not combinable with `output: "standalone"` (Next's docs): next.config.ts does not set it.
import { createServer, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { rewriteForwardingHeaders, webTrustedProxies } from "./src/server/forwarded-headers.ts";

// In-flight requests get this long after SIGTERM; then the rest (e.g. a proxy node's 30 s config long
// poll, which aborts cleanly on close) are cut, inside the supervisor's 15 s before SIGKILL.
const SHUTDOWN_GRACE_MS = 10_000;

const dev = process.env.GATEHOUSE_DEV === "1" || process.env.GATEHOUSE_DEV === "true";
const port = Number(process.env.GATEHOUSE_WEB_PORT ?? "3000");
const hostname = process.env.GATEHOUSE_WEB_BIND ?? "127.0.0.1";
// What `next start` / `next dev` set before loading Next (React picks its build from it).
Object.assign(process.env, { NODE_ENV: dev ? "development" : "production" });

// Before anything listens: an invalid value stops the start with its message.
const trusted = webTrustedProxies();

const { default: next } = await import("next");
const server = createServer();
const app = next({ dev, dir: import.meta.dirname, hostname, port, httpServer: server });
await app.prepare();
const handle = app.getRequestHandler();

let stopping = false;
const fromPeer = (req: IncomingMessage) => rewriteForwardingHeaders(req.headers, req.socket.remoteAddress, trusted);

server.on("request", (req, res) => {
  fromPeer(req);
  handle(req, res).catch((error: unknown) => {
    console.error(`Failed to handle request for ${req.url}`, error);
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  });
});
// Next adds its own upgrade listener (dev: HMR websocket) on the first request; prepended, this one
// runs before it on every upgrade. Until Next has one, nobody would answer: close instead of hanging.
// Upgraded sockets leave the HTTP server's bookkeeping, so shutdown closes them from this set.
const upgraded = new Set<Duplex>();
server.prependListener("upgrade", (req: IncomingMessage, socket: Duplex) => {
  fromPeer(req);
  if (server.listenerCount("upgrade") === 1 || stopping) {
    socket.destroy();
    return;
  }
  upgraded.add(socket);
  socket.once("close", () => upgraded.delete(socket));
});

server.on("error", (error) => {
  console.error("Failed to start the web server:", error);
  process.exit(1);
});
server.listen(port, hostname, () => {
  const address = server.address();
  const bound = typeof address === "object" && address !== null ? address.port : port;
  // As `next start` does: a server action that redirects renders the target with a request to this
  // origin (else Next derives it from the client's Host header).
  const local = hostname === "0.0.0.0" || hostname === "::" ? "localhost" : hostname.includes(":") ? `[${hostname}]` : hostname;
  Object.assign(process.env, { PORT: String(bound), __NEXT_PRIVATE_ORIGIN: `http://${local}:${bound}` });
  console.log(`web listening on http://${local}:${bound} (${dev ? "development" : "production"})`);
});

function shutdown(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  // close() stops accepting and ends idle keep-alive connections; in-flight requests finish.
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const closeAll = () => {
    server.closeAllConnections();
    for (const socket of upgraded) socket.destroy();
  };
  if (dev) closeAll(); // HMR sockets and dev requests have nothing to finish
  const cut = setTimeout(closeAll, SHUTDOWN_GRACE_MS);
  cut.unref();
  closed
    .then(() => app.close())
    .catch((error: unknown) => console.error(error))
    .finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
