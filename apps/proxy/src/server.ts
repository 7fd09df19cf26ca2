import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// Node's defaults suit an app server, not an edge: a 5 s keep-alive makes clients reconnect
// constantly (nginx uses 75 s), and 60 s to send headers is generous to slowloris. Bodies may be
// large and slow, so the whole-request limit stays at Node's 300 s. maxHeaderSize stays at 16 KiB.
const HEADERS_TIMEOUT_MS = 30_000;
const REQUEST_TIMEOUT_MS = 300_000;
const KEEP_ALIVE_TIMEOUT_MS = 75_000;

export interface TProxyServer {
  readonly server: Server;
  /** Resolves with the port actually bound (useful with port 0). */
  listen(port: number, host: string): Promise<number>;
  /**
   * Stops accepting, lets in-flight requests finish, and after `graceMs` cuts whatever is left.
   * Idle keep-alive connections are closed at once so they do not hold the process for 75 s.
   */
  shutdown(graceMs: number): Promise<void>;
}

export function createProxyServer(handler: (req: IncomingMessage, res: ServerResponse) => void): TProxyServer {
  const inFlight = new Set<ServerResponse>();
  let closing = false;

  const server = createServer(
    {
      headersTimeout: HEADERS_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      insecureHTTPParser: false,
      requireHostHeader: true,
      joinDuplicateHeaders: false,
    },
    (req, res) => {
      inFlight.add(res);
      res.once("close", () => inFlight.delete(res));
      res.once("finish", () => {
        // The connection turns idle only after Node's own finish handler has run.
        if (closing) setImmediate(() => server.closeIdleConnections());
      });
      if (closing) res.setHeader("connection", "close");
      handler(req, res);
    },
  );
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;

  return {
    server,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen({ port, host }, () => {
          server.off("error", reject);
          resolve((server.address() as AddressInfo).port);
        });
      });
    },
    async shutdown(graceMs) {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const res of inFlight) {
        if (!res.headersSent) res.setHeader("connection", "close");
      }
      server.closeIdleConnections();
      const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(deadline);
    },
  };
}
