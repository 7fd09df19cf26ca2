import type { AddressInfo, Socket } from "node:net";
import { createServer, type TLSSocket } from "node:tls";
import type { TConnectionCap } from "../limits/connection-cap.ts";
import type { TEdgeLimits } from "../limits/edge-limits.ts";
import type { TRouteTable } from "../route-table.ts";
import { allClosed, type TProxyServer } from "../server.ts";
import { findCertificate, secureContextOf } from "./certificate-store.ts";
import type { THttp2Server } from "./http2-server.ts";
import type { TTlsIdentity } from "./tls-identity.ts";
import { TLS_POLICY } from "./tls-policy.ts";

export interface THttpsListenerOptions {
  /** Read per handshake: certificate changes apply with the next snapshot swap, no restart. */
  currentTable: () => TRouteTable;
  identity: TTlsIdentity;
  /** Serves connections whose ALPN chose HTTP/1.1 (or that sent no ALPN). */
  http1: Pick<TProxyServer, "serve">;
  http2: Pick<THttp2Server, "accept">;
  /** Shared with the HTTP port; a connection over it is closed before any TLS work is spent on it. */
  connectionCap: TConnectionCap;
  limits: TEdgeLimits;
}

export interface THttpsListener {
  listen(port: number, host: string): Promise<number>;
  /** Stops accepting and resolves once every TLS connection has closed (the HTTP servers drain them). */
  close(graceMs: number): Promise<void>;
}

/**
 * The HTTPS port: TLS 1.2/1.3 (tls-policy.ts), the certificate chosen by SNI from the live route
 * table, HTTP/2 and HTTP/1.1 negotiated by ALPN on the same port and handed to their servers.
 * A name no host has a certificate for gets the self-signed default certificate, or, when the
 * snapshot says `refuse`, a failed handshake. Clients that send no SNI get a failed handshake.
 */
export function createHttpsListener(options: THttpsListenerOptions): THttpsListener {
  const { currentTable, identity, connectionCap } = options;
  const ticketKeys = Buffer.from(identity.ticketKeys);
  const defaultContext = secureContextOf(identity.defaultCertificate.certificatePem, identity.defaultCertificate.privateKeyPem);
  const accepted = new Set<Socket>();

  // The listener's own context has no certificate on purpose. Node applies the SNICallback's context
  // by adding its certificate to the connection (SSL_use_certificate), which fills the slot of that
  // key type and keeps the others: with an ECDSA default here, a host's RSA certificate would sit next
  // to it and clients preferring ECDSA would get the default. So every certificate comes from the
  // callback, and a client that sends no SNI at all (the callback is not called) fails the handshake,
  // as with Caddy: names are how a certificate is chosen.
  const server = createServer({
    ...TLS_POLICY,
    // Every worker of the node encrypts tickets with the same keys, so a session resumes on any of them.
    ticketKeys,
    ALPNProtocols: ["h2", "http/1.1"],
    // A handshake is part of getting the request in: the same deadline as the header block.
    handshakeTimeout: options.limits.headersTimeoutMs,
    SNICallback(serverName, done) {
      const table = currentTable();
      const context = findCertificate(table.sni, serverName);
      if (context !== undefined) return done(null, context);
      if (table.unknownSni === "refuse") return done(new Error(`No certificate for ${serverName}: handshake refused.`));
      done(null, defaultContext);
    },
  });

  server.prependListener("connection", (socket: Socket) => {
    connectionCap.admit(socket);
    if (connectionCap.isOverLimit(socket)) return socket.destroy();
    accepted.add(socket);
    socket.once("close", () => accepted.delete(socket));
  });
  server.on("secureConnection", (socket: TLSSocket) => {
    if (socket.alpnProtocol === "h2") options.http2.accept(socket);
    else options.http1.serve(socket);
  });

  return {
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen({ port, host }, () => {
          server.off("error", reject);
          resolve((server.address() as AddressInfo).port);
        });
      });
    },
    async close(graceMs) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Connections still in their handshake belong to neither HTTP server yet.
      const deadline = setTimeout(() => {
        for (const socket of accepted) socket.destroy();
      }, graceMs);
      await Promise.all([closed, allClosed(accepted)]);
      clearTimeout(deadline);
    },
  };
}
