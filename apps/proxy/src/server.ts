import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import { FrontConnection } from "./front/front-connection.ts";
import { IndexedSet } from "./indexed-set.ts";
import { DeadlineSweep, sweepIntervalFor } from "./limits/deadline-sweep.ts";
import { watchBodyIdle } from "./limits/body-idle.ts";
import { createConnectionCap, type TConnectionCap } from "./limits/connection-cap.ts";
import { DEFAULT_EDGE_LIMITS, type TEdgeLimits } from "./limits/edge-limits.ts";
import { refuseAndClose } from "./limits/refuse.ts";
import { hasRequestBody, markExpectsContinue } from "./limits/request-body.ts";
import { findAmbiguity } from "./request-guard.ts";
import { refuseUpgrade } from "./websocket.ts";

export type TRequestHandler = (req: IncomingMessage, res: ServerResponse) => void;
export type TUpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
export type TUpgradeObserver = (req: IncomingMessage, socket: Duplex) => void;

export interface TProxyServerOptions {
  limits?: TEdgeLimits;
  /**
   * Called first for every request, also for those the edge refuses before the handler sees them
   * (ambiguous, over the connection cap): the place for access log and metrics bookkeeping.
   */
  observe?: TRequestHandler;
  /**
   * `observe` for upgrade requests, which have no ServerResponse: called first with the client
   * socket, also for upgrades the edge refuses; the tunnel ends when that socket closes.
   */
  observeUpgrade?: TUpgradeObserver;
  /** Handles `Upgrade: websocket` requests (websocket.ts); without it every upgrade is refused. */
  onUpgrade?: TUpgradeHandler;
  /** Peers the per-address connection cap does not count: the live snapshot's trusted proxies. */
  isTrustedPeer?: (address: string) => boolean;
  /** A cap shared with the HTTPS listener, so a client's HTTP and HTTPS connections count together. */
  connectionCap?: TConnectionCap;
}

export interface TProxyServer {
  /** node:http's server: every connection the lean front does not keep (front/front-connection.ts). */
  readonly server: Server;
  /**
   * Listens for plain HTTP: connections start on the lean front and move to node:http at the first
   * request the front does not take. Resolves with the port actually bound (useful with port 0).
   */
  listen(port: number, host: string): Promise<number>;
  /**
   * Serves a connection accepted elsewhere (the HTTPS listener's HTTP/1.1 ones) on the lean front,
   * like the plain-HTTP listener's own. Counted against the connection cap where it was accepted.
   */
  serve(socket: Socket): void;
  /**
   * Stops accepting, lets in-flight requests finish, and after `graceMs` cuts whatever is left.
   * Idle keep-alive connections are closed at once so they do not hold the process for 75 s;
   * upgraded (WebSocket) connections are cut at the deadline, since they never finish by themselves.
   */
  shutdown(graceMs: number): Promise<void>;
}

export function createProxyServer(handler: TRequestHandler, options: TProxyServerOptions = {}): TProxyServer {
  const limits = options.limits ?? DEFAULT_EDGE_LIMITS;
  const observe = options.observe;
  const cap = options.connectionCap ?? createConnectionCap(limits.maxConnectionsPerIp, options.isTrustedPeer ?? (() => false));
  const inFlight = new IndexedSet<ServerResponse>();
  const upgraded = new Set<Duplex>();
  /** Connections the lean front handed to node:http. */
  const accepted = new Set<Duplex>();
  /** Connections the lean front is serving. */
  const front = new IndexedSet<FrontConnection>();
  let tracking = false;
  let closing = false;

  // Listeners shared by every response (`this` is the response): no closures per request.
  function forget(this: ServerResponse): void {
    inFlight.delete(this);
  }
  function closeIdleWhenDone(): void {
    // The connection turns idle only after Node's own finish handler has run.
    setImmediate(() => server.closeIdleConnections());
  }
  /** While draining: the response closes its connection (node:http's once idle; the front's by itself). */
  function lastOnItsConnection(res: ServerResponse): void {
    if (!res.headersSent) res.setHeader("connection", "close");
    res.on("finish", closeIdleWhenDone);
  }

  /** What every request goes through first, whichever parser read it. */
  function admit(req: IncomingMessage, res: ServerResponse): boolean {
    inFlight.add(res);
    // `on`, not `once`: it fires once per response, and once() allocates a wrapper per call.
    res.on("close", forget);
    if (closing) lastOnItsConnection(res);
    observe?.(req, res);
    if (!cap.isOverLimit(req.socket)) return true;
    refuseAndClose(res, "TOO_MANY_CONNECTIONS");
    return false;
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    if (!admit(req, res)) return;
    if (findAmbiguity(req) !== undefined) return refuseAndClose(res, "AMBIGUOUS_REQUEST");
    if (hasRequestBody(req)) watchBodyIdle(req, res, limits.bodyIdleTimeoutMs);
    handler(req, res);
  };

  /** The lean front's requests: its parser took only unambiguous body-less ones (front/request-head.ts). */
  const onFrontRequest = (req: IncomingMessage, res: ServerResponse) => {
    if (admit(req, res)) handler(req, res);
  };

  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      // No whole-request deadline, as in nginx: a large upload on a slow link is legitimate, and a
      // stalled one is caught by the body idle timeout (watchBodyIdle) instead.
      requestTimeout: 0,
      // Node checks the header deadline on this interval (30 s by default, which would stretch a
      // 60 s limit to 90 s); the check walks only connections that are reading a request.
      connectionsCheckingInterval: sweepIntervalFor(limits.headersTimeoutMs),
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      maxHeaderSize: limits.maxHeaderBytes,
      insecureHTTPParser: false,
      requireHostHeader: true,
      joinDuplicateHeaders: false,
    },
    onRequest,
  );
  // Connections reach node:http only from the front (accept below); each was counted where it was accepted.
  server.on("checkContinue", (req: IncomingMessage, res: ServerResponse) => {
    markExpectsContinue(req);
    onRequest(req, res);
  });
  // CONNECT (authority-form) would open a tunnel to anywhere; an edge routes by Host and never does.
  server.on("connect", (_req: IncomingMessage, socket: Duplex) => {
    socket.on("error", destroySocket);
    refuseUpgrade(socket, "BAD_REQUEST_TARGET");
  });
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node drops its own error listener when it hands the socket over: a client reset would
    // otherwise be an uncaught exception.
    socket.on("error", destroySocket);
    upgraded.add(socket);
    socket.once("close", () => upgraded.delete(socket));
    options.observeUpgrade?.(req, socket);
    if (cap.isOverLimit(req.socket)) return refuseUpgrade(socket, "TOO_MANY_CONNECTIONS");
    if (findAmbiguity(req) !== undefined) return refuseUpgrade(socket, "AMBIGUOUS_REQUEST");
    if (options.onUpgrade === undefined) return refuseUpgrade(socket, "UPGRADE_REFUSED");
    options.onUpgrade(req, socket, head);
  });

  /** Gives node:http a connection the lean front hands over (its unread bytes put back), with every protection of this server. */
  function accept(socket: Duplex): void {
    if (!tracking) {
      // Node starts tracking connections (the header-timeout checks, closeIdleConnections) when the
      // server emits 'listening'; one that is only handed connections must say so itself.
      tracking = true;
      server.emit("listening");
    }
    accepted.add(socket);
    socket.once("close", () => accepted.delete(socket));
    server.emit("connection", socket);
  }

  const frontOptions = { limits, onRequest: onFrontRequest, handOver: accept, sweep: new DeadlineSweep(sweepIntervalFor(limits.headersTimeoutMs)) };
  function serve(socket: Socket): void {
    const connection = new FrontConnection(socket, frontOptions);
    connection.closing = closing;
    front.add(connection);
    socket.once("close", () => front.delete(connection));
  }
  const tcpServer = createTcpServer({ noDelay: true }, (socket) => {
    cap.admit(socket);
    serve(socket);
  });

  return {
    server,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        tcpServer.once("error", reject);
        tcpServer.listen({ port, host }, () => {
          tcpServer.off("error", reject);
          resolve((tcpServer.address() as AddressInfo).port);
        });
      });
    },
    serve,
    async shutdown(graceMs) {
      closing = true;
      const frontSockets = new Set<Duplex>();
      for (const connection of front.snapshot()) {
        connection.closing = true;
        connection.closeIfIdle();
        frontSockets.add(connection.socket);
      }
      // Resolve at once for a server that never listened (Node answers ERR_SERVER_NOT_RUNNING):
      // its connections are awaited below.
      const closed = Promise.all([
        new Promise<void>((resolve) => server.close(() => resolve())),
        new Promise<void>((resolve) => tcpServer.close(() => resolve())),
      ]);
      for (const res of inFlight.snapshot()) lastOnItsConnection(res);
      server.closeIdleConnections();
      const deadline = setTimeout(() => {
        server.closeAllConnections();
        for (const socket of upgraded) socket.destroy();
        for (const socket of accepted) socket.destroy();
        for (const socket of frontSockets) socket.destroy();
      }, graceMs);
      await Promise.all([closed, allClosed(accepted), allClosed(frontSockets)]);
      clearTimeout(deadline);
    },
  };
}

/** Resolves once every socket in the set has closed. */
export function allClosed(sockets: ReadonlySet<Duplex>): Promise<unknown> {
  return Promise.all([...sockets].map((socket) => (socket.closed ? undefined : new Promise((resolve) => socket.once("close", resolve)))));
}

function destroySocket(this: Duplex): void {
  this.destroy();
}
