import { STATUS_CODES, type IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { Logger } from "pino";
import type { Dispatcher } from "undici";
import { cookieFields } from "./actions/proxy.ts";
import { renderErrorPage, type TProxyErrorCode } from "./errors.ts";
import { hasRequestBody } from "./limits/request-body.ts";
import { peerAddress } from "./passes/forwarded.ts";
import { upstreamRequestHeaders } from "./passes/request-headers.ts";
import { noteHost, noteTunnelStatus, noteUpstreamTarget } from "./request-facts.ts";
import { clientResponseHeaders, clientUpgradeResponseHeaders, type TResponseHeaderFields } from "./passes/response-headers.ts";
import { fieldValue } from "./request-guard.ts";
import { resolveRequestTarget } from "./request-target.ts";
import type { TRouteTable } from "./route-table.ts";
import { findHost, findLocation, routingPath, stripPathPrefix, type TProxyAction, type TRouteHost, type TScheme } from "./router.ts";
import { httpsLocation } from "./tls/https-redirect.ts";
import type { TUpgradeHandler } from "./server.ts";
import type { TPoolTarget, TSelectContext } from "./upstream/selection-policy.ts";
import { classifyUpstreamFailure } from "./upstream/upstream-failure.ts";

export interface TWebSocketDeps {
  /** Read once per upgrade, like the request handler. */
  currentTable: () => TRouteTable;
  logger: Logger;
  scheme: TScheme;
  /** No data either way for this long closes both sides (TEdgeLimits.websocketIdleTimeoutMs). */
  idleTimeoutMs: number;
  /** For force-HTTPS hosts: a plain ws:// upgrade is sent to wss:// on this port, as any request is. */
  publicHttpsPort: number;
}

/**
 * Proxies WebSocket upgrades (RFC 6455 §4): routed like any request (host, location, upstream
 * target, header passes), sent through the target's own keep-alive pool so TLS verification and SNI
 * are the upstream's, then the two sockets are piped both ways until either side closes or the
 * tunnel idles out. A backend that declines (any answer but 101) has its answer relayed as is.
 */
export function createUpgradeHandler(deps: TWebSocketDeps): TUpgradeHandler {
  return (req, socket, head) => {
    const client = socket as Socket;
    const refusal = upgradeRefusal(req);
    if (refusal !== undefined) return refuseUpgrade(client, refusal);
    const table = deps.currentTable();
    const target = resolveRequestTarget(req.url ?? "", fieldValue(req, "host"));
    if (!target.ok) return refuseUpgrade(client, target.code);
    const host = findHost(table.hosts, target.host);
    if (host === undefined) {
      if (table.defaultSite.kind === "close") client.destroy();
      else refuseUpgrade(client, "UNKNOWN_HOST", target.host);
      return;
    }
    noteHost(client, host.label);
    if (deps.scheme === "http" && host.forceHttps) return redirectUpgrade(client, httpsLocation(target.host, deps.publicHttpsPort, target.path));
    const path = routingPath(target.path);
    const location = findLocation(host, path);
    if (location === undefined) return refuseUpgrade(client, "NO_LOCATION", host.label);
    // A fixed response or a redirect has nothing to switch protocols with.
    if (location.action.kind !== "proxy") return refuseUpgrade(client, "UPGRADE_REFUSED", host.label);
    const action = location.action;
    const forwardPath = action.stripPrefix === undefined ? path : stripPathPrefix(path, action.stripPrefix);
    void openTunnel(deps, { req, client, head, host, action, authority: target.authority, path: forwardPath });
  };
}

/** Only `Upgrade: websocket` on a body-less HTTP/1.1 GET (RFC 6455 §4.1); anything else is refused, never forwarded. */
function upgradeRefusal(req: IncomingMessage): TProxyErrorCode | undefined {
  if (req.method !== "GET" || req.httpVersion !== "1.1" || hasRequestBody(req)) return "UPGRADE_REFUSED";
  const raw = req.rawHeaders;
  let protocols = 0;
  let websocket = false;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.length !== 7 || raw[i]!.toLowerCase() !== "upgrade") continue;
    protocols += 1;
    websocket = raw[i + 1]!.trim().toLowerCase() === "websocket";
  }
  return protocols === 1 && websocket ? undefined : "UPGRADE_REFUSED";
}

interface TTunnelRequest {
  readonly req: IncomingMessage;
  readonly client: Socket;
  readonly head: Buffer;
  readonly host: TRouteHost;
  readonly action: TProxyAction;
  readonly authority: string;
  readonly path: string;
}

/** Tries targets like the request handler: another one after a connection failure, up to `retries`. */
async function openTunnel(deps: TWebSocketDeps, request: TTunnelRequest): Promise<void> {
  const { req, client, host, action } = request;
  const pool = action.upstream;
  const context: TSelectContext = {
    clientAddress: peerAddress(req.socket.remoteAddress),
    cookies: pool.stickyCookie === undefined ? undefined : cookieFields(req.rawHeaders),
  };
  let tried: TPoolTarget[] | undefined;
  let lastCode: TProxyErrorCode = "UPSTREAM_UNAVAILABLE";
  for (let attempt = 0; !client.destroyed; attempt++) {
    const target = pool.select(context, tried);
    if (target === undefined) return refuseUpgrade(client, lastCode, host.label);
    target.health.inFlight += 1;
    noteUpstreamTarget(client, target.url);
    const outcome = await new Promise<Error | undefined>((resolve) => {
      target.dispatcher().dispatch(
        {
          method: "GET",
          path: request.path,
          upgrade: "websocket",
          headers: upstreamRequestHeaders(req.rawHeaders, host.headerPlans[deps.scheme], {
            remoteAddress: req.socket.remoteAddress,
            scheme: deps.scheme,
            authority: request.authority,
            host: host.options.preserveHost ? request.authority : target.hostHeader,
          }),
          headersTimeout: pool.timeouts.responseHeadersMs,
          bodyTimeout: pool.timeouts.idleMs,
          servername: target.servername,
        } as Dispatcher.DispatchOptions,
        new UpgradeRelay(deps, request, target, resolve),
      );
    });
    if (outcome === undefined) return;
    target.health.inFlight -= 1;
    // The client left while we connected: nobody to answer, and not the target's fault.
    if (client.destroyed) return;
    const failure = classifyUpstreamFailure(outcome);
    if (failure.targetsFault) target.health.recordFailure(failure.message);
    const retry = failure.retriable && attempt < pool.retries;
    deps.logger.warn({ host: host.label, target: target.url, attempt, retry, error: failure.message }, "websocket upstream failed");
    if (!retry) return refuseUpgrade(client, failure.code, host.label);
    lastCode = failure.code;
    (tried ??= []).push(target);
  }
}

/**
 * The undici handler of one upgrade attempt. `settle` gets undefined once the backend answered
 * (101 or not: from then on this relay owns the client socket), or the error when it did not,
 * so the caller can try another target.
 */
class UpgradeRelay implements Dispatcher.DispatchHandler {
  #controller: Dispatcher.DispatchController | undefined;
  #settled = false;
  readonly #deps: TWebSocketDeps;
  readonly #request: TTunnelRequest;
  readonly #target: TPoolTarget;
  readonly #settle: (error: Error | undefined) => void;

  constructor(deps: TWebSocketDeps, request: TTunnelRequest, target: TPoolTarget, settle: (error: Error | undefined) => void) {
    this.#deps = deps;
    this.#request = request;
    this.#target = target;
    this.#settle = settle;
    // A client that leaves while we connect must not leave a half-open upgrade on the backend.
    request.client.once("close", () => this.#controller?.abort(new Error("The client closed the connection.")));
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#request.client.destroyed) controller.abort(new Error("The client closed the connection."));
  }

  onRequestUpgrade(_controller: Dispatcher.DispatchController, statusCode: number, headers: TResponseHeaderFields, upstream: Duplex): void {
    this.#answered();
    const { client, head, host } = this.#request;
    const health = this.#target.health;
    if (client.destroyed) {
      upstream.destroy();
      health.inFlight -= 1;
      return;
    }
    noteTunnelStatus(client, statusCode);
    client.write(responseHead(statusCode, clientUpgradeResponseHeaders(headers, host.headerPlans[this.#deps.scheme])));
    if (head.length > 0) upstream.write(head);
    pipeBothWays(client, upstream as Socket, this.#deps.idleTimeoutMs, () => {
      health.inFlight -= 1;
    });
  }

  // The backend declined the upgrade (401, 404, ...): relay its answer, then close, since the client
  // may have meant to speak WebSocket on this connection.
  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: TResponseHeaderFields): void {
    this.#answered();
    const fields = clientResponseHeaders(headers, this.#request.host.headerPlans[this.#deps.scheme]);
    fields.push("Connection", "close");
    const client = this.#request.client;
    noteTunnelStatus(client, statusCode);
    client.write(responseHead(statusCode, fields));
    client.on("drain", () => controller.resume());
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (!this.#request.client.write(chunk)) controller.pause();
  }

  onResponseEnd(): void {
    this.#target.health.inFlight -= 1;
    const client = this.#request.client;
    client.end(() => client.destroy());
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    if (!this.#settled) {
      this.#settled = true;
      this.#settle(error);
      return;
    }
    // Broke off while relaying a declined upgrade: the client sees a cut connection.
    this.#target.health.inFlight -= 1;
    this.#request.client.destroy();
  }

  #answered(): void {
    this.#settled = true;
    this.#target.health.recordAnswer();
    this.#settle(undefined);
  }
}

/**
 * Once switched, bytes flow unchanged both ways with backpressure (pipe). A socket's idle timer is
 * refreshed by reads and writes, so the client socket's timer sees traffic in either direction.
 */
function pipeBothWays(client: Socket, upstream: Socket, idleTimeoutMs: number, onClosed: () => void): void {
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    client.destroy();
    upstream.destroy();
    onClosed();
  };
  client.setNoDelay(true);
  upstream.setNoDelay(true);
  client.setTimeout(idleTimeoutMs, close);
  client.on("error", close).on("close", close);
  upstream.on("error", close).on("close", close);
  client.pipe(upstream);
  upstream.pipe(client);
}

function responseHead(statusCode: number, fields: readonly string[]): string {
  let head = `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode] ?? "Unknown"}\r\n`;
  for (let i = 0; i < fields.length; i += 2) head += `${fields[i]}: ${fields[i + 1]}\r\n`;
  return `${head}\r\n`;
}

/**
 * An upgrade request has no ServerResponse: Node hands over the raw socket, so the error page is
 * written by hand, and the connection closed (the client expected to switch protocols on it).
 */
/** A force-HTTPS host answers a plain-HTTP upgrade with the same 308 as its other requests, never a tunnel. */
function redirectUpgrade(socket: Duplex, location: string): void {
  noteTunnelStatus(socket, 308);
  socket.end(responseHead(308, ["Location", location, "Content-Length", "0", "Connection", "close"]), () => socket.destroy());
}

export function refuseUpgrade(socket: Duplex, code: TProxyErrorCode, host?: string): void {
  if (socket.destroyed) return;
  const { status, html } = renderErrorPage(code, host);
  noteTunnelStatus(socket, status);
  const fields = ["Content-Type", "text/html; charset=utf-8", "Content-Length", String(Buffer.byteLength(html))];
  fields.push("Cache-Control", "no-store", "Connection", "close");
  // Node's server sockets allow half-open connections: without the destroy, a client that never
  // closes its side would hold this socket.
  socket.end(responseHead(status, fields) + html, () => socket.destroy());
}
