import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { Dispatcher } from "undici";
import { sendProxyError } from "../errors.ts";
import { refuseAndClose } from "../limits/refuse.ts";
import { ClientBodyError, requestBodyStream } from "../limits/request-body.ts";
import { peerAddress, realClientAddress } from "../passes/forwarded.ts";
import type { TTrustedProxies } from "../passes/trusted-proxies.ts";
import { upstreamRequestHeaders } from "../passes/request-headers.ts";
import { clientResponseHeadersRaw } from "../passes/response-headers.ts";
import { noteUpstreamTarget } from "../request-facts.ts";
import { stripPathPrefix, type TProxyAction, type TRouteHost, type TScheme } from "../router.ts";
import { stickyCookieHeader } from "../upstream/cookie.ts";
import type { TPlainDispatch, TPlainHandler } from "../upstream/http1-pool.ts";
import type { TPoolTarget, TSelectContext } from "../upstream/selection-policy.ts";
import { classifyUpstreamFailure, type TUpstreamFailure } from "../upstream/upstream-failure.ts";

export interface TProxyRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly host: TRouteHost;
  readonly action: TProxyAction;
  /** The authority the client asked for (Host, or the absolute-form target's). */
  readonly authority: string;
  /** Routing path and query (see routingPath). */
  readonly path: string;
  /** Declared body length, -1 for chunked, 0 for none (see requestBodyLength). */
  readonly bodyLength: number;
  readonly scheme: TScheme;
  readonly logger: Logger;
}

/**
 * Sends the request to a target of the location's upstream and streams the answer back. A
 * connection failure is retried on another target (up to `retries`) while no request body byte has
 * left, since only then can the backend not have seen the request; everything else is answered
 * with the error page of its code (502, 503 when every target is down, 504 on a timeout).
 */
export function proxyToUpstream(request: TProxyRequest): void {
  const exchange = new UpstreamExchange(request);
  (request.res as TExchangeResponse)[kExchange] = exchange;
  // `on`: a response closes once, and once() would allocate a wrapper per request.
  request.res.on("close", onResponseClose);
  exchange.send();
}

const kExchange = Symbol("gatehouse.upstreamExchange");
type TExchangeResponse = ServerResponse & { [kExchange]?: UpstreamExchange };

// One listener function for every response (`this` is the response): no closure per request.
function onResponseClose(this: ServerResponse): void {
  // A client that goes away must not leave a request running on the backend.
  if (!this.writableFinished) (this as TExchangeResponse)[kExchange]?.clientGone();
}

class ClientGoneError extends Error {
  override readonly name = "ClientGoneError";
}

/**
 * One proxied request as an undici dispatch handler: the response head and body are written to the
 * client as undici parses them, with backpressure (onData returns false while the client's buffer
 * is full), and no promise, stream or abort signal in between. A retry dispatches the same handler
 * again to the next target.
 */
class UpstreamExchange implements Dispatcher.DispatchHandler, TPlainHandler {
  readonly #request: TProxyRequest;
  readonly #context: TSelectContext;
  readonly #path: string;
  #target: TPoolTarget | undefined;
  #tried: TPoolTarget[] | undefined;
  #attempt = 0;
  #abort: ((reason?: Error) => void) | undefined;
  #gone = false;
  #headWritten = false;
  #lastFailure: TUpstreamFailure | undefined;

  constructor(request: TProxyRequest) {
    this.#request = request;
    const { req, action } = request;
    this.#context = {
      clientAddress: clientAddressOf(req, request.host.headerPlans.http.trustedProxies),
      cookies: action.upstream.stickyCookie === undefined ? undefined : cookieFields(req.rawHeaders),
    };
    this.#path = action.stripPrefix === undefined ? request.path : stripPathPrefix(request.path, action.stripPrefix);
  }

  send(): void {
    if (this.#gone) return;
    const { req, res, host, action } = this.#request;
    const pool = action.upstream;
    const target = pool.select(this.#context, this.#tried);
    if (target === undefined) return sendProxyError(res, this.#lastFailure?.code ?? "UPSTREAM_UNAVAILABLE", host.label);
    this.#target = target;
    this.#abort = undefined;
    noteUpstreamTarget(res, target.url);
    const bodyless = this.#request.bodyLength === 0;
    const options: Dispatcher.DispatchOptions & TPlainDispatch & { servername: string } = {
      method: req.method as Dispatcher.HttpMethod,
      path: this.#path,
      headers: upstreamRequestHeaders(req.rawHeaders, host.headerPlans[this.#request.scheme], {
        remoteAddress: req.socket.remoteAddress,
        scheme: this.#request.scheme,
        authority: this.#request.authority,
        host: host.options.preserveHost ? this.#request.authority : target.hostHeader,
      }),
      // undici sends an async iterable as the body; its types list only streams.
      body: (bodyless ? null : requestBodyStream(req, res, host.options.maxBodyBytes)) as Dispatcher.DispatchOptions["body"],
      headersTimeout: pool.timeouts.responseHeadersMs,
      bodyTimeout: pool.timeouts.idleMs,
      // See requestServername in transport.ts.
      servername: target.servername,
    };
    // Counted from here on: onComplete or onError (also for a failed dispatch) takes it back.
    target.health.inFlight += 1;
    const http1 = bodyless ? target.http1() : undefined;
    if (http1 !== undefined) http1.dispatch(options, this);
    else target.dispatcher().dispatch(options, this);
  }

  /** A later attempt runs outside the handler's try/catch, so it answers its own failures. */
  retry(): void {
    try {
      this.send();
    } catch (error) {
      this.#request.logger.error({ err: error, url: this.#request.req.url }, "proxy handler failed");
      sendProxyError(this.#request.res, "INTERNAL");
    }
  }

  clientGone(): void {
    this.#gone = true;
    this.#abort?.(new ClientGoneError("The client closed the connection."));
  }

  onConnect(abort: (reason?: Error) => void): void {
    if (this.#gone) abort(new ClientGoneError("The client closed the connection."));
    else this.#abort = abort;
  }

  /** Fields as Buffers from undici, as strings from Http1Pool. */
  onHeaders(statusCode: number, rawHeaders: Buffer[] | string[], resume: () => void): boolean {
    const { res, host, action } = this.#request;
    const target = this.#target!;
    target.health.recordAnswer();
    const fields = clientResponseHeadersRaw(rawHeaders, host.headerPlans[this.#request.scheme]);
    const sticky = action.upstream.stickyCookie;
    if (sticky !== undefined) {
      const cookie = stickyCookieHeader(sticky, target, this.#context, this.#request.scheme === "https");
      if (cookie !== undefined) fields.push("Set-Cookie", cookie);
    }
    // undici usually parses head, body and end of a small response in one go: corked, they leave in
    // one write (end() uncorks fully); a longer body is flushed at the end of this tick.
    res.cork();
    process.nextTick(uncork, res);
    res.writeHead(statusCode, fields);
    this.#headWritten = true;
    this.#resume = resume;
    return true;
  }

  #resume: (() => void) | undefined;

  onData(chunk: Buffer): boolean {
    const { res } = this.#request;
    if (res.write(chunk)) return true;
    // undici stops reading the upstream socket until the client has taken what it has.
    res.once("drain", this.#resume!);
    return false;
  }

  onComplete(): void {
    this.#target!.health.inFlight -= 1;
    this.#request.res.end();
  }

  onError(error: Error): void {
    const target = this.#target!;
    target.health.inFlight -= 1;
    const { res, host, action, logger } = this.#request;
    if (this.#gone) return;
    // Too large or stalled on the client's side: neither the target's fault nor worth another target.
    if (error instanceof ClientBodyError) {
      if (this.#headWritten) res.destroy();
      else refuseAndClose(res, error.code, host.label);
      return;
    }
    const failure = classifyUpstreamFailure(error);
    if (failure.targetsFault) target.health.recordFailure(failure.message);
    if (this.#headWritten) {
      // Mid-body: cut the client's connection, so a truncated body never passes for a complete one.
      logger.warn({ host: host.label, target: target.url, error: failure.message }, "upstream response broke off");
      res.destroy();
      return;
    }
    const retry = failure.retriable && this.#attempt < action.upstream.retries && bodyUntouched(this.#request);
    logger.warn(
      { host: host.label, upstream: action.upstream.name, target: target.url, attempt: this.#attempt, retry, error: failure.message },
      "upstream request failed",
    );
    this.#lastFailure = failure;
    if (!retry) return sendProxyError(res, failure.code, host.label);
    (this.#tried ??= []).push(target);
    this.#attempt += 1;
    // Out of undici's error path before dispatching again.
    process.nextTick(retryExchange, this);
  }
}

function uncork(res: ServerResponse): void {
  res.uncork();
}

function retryExchange(exchange: UpstreamExchange): void {
  exchange.retry();
}

/** Resending is safe only while the backend cannot have seen a byte of the body. */
function bodyUntouched({ req, bodyLength }: TProxyRequest): boolean {
  return bodyLength === 0 || (!req.readableDidRead && !req.destroyed);
}

/**
 * The client as ip-hash sees it: the socket's peer, or behind a trusted proxy (a load balancer in
 * front of us) the address it forwarded, as X-Real-IP has it; otherwise every client behind the
 * balancer would hash alike.
 */
function clientAddressOf(req: IncomingMessage, trustedProxies: TTrustedProxies): string | undefined {
  const peer = peerAddress(req.socket.remoteAddress);
  if (peer === undefined || trustedProxies.none || !trustedProxies.trusts(peer)) return peer;
  let chain: string | undefined;
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === 15 && name.toLowerCase() === "x-forwarded-for") chain = chain === undefined ? raw[i + 1]! : `${chain}, ${raw[i + 1]!}`;
  }
  return realClientAddress(chain, peer, true, trustedProxies);
}

/** The Cookie field values of a request, from the raw list. */
export function cookieFields(raw: readonly string[]): string[] | undefined {
  let fields: string[] | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === 6 && name.toLowerCase() === "cookie") (fields ??= []).push(raw[i + 1]!);
  }
  return fields;
}
