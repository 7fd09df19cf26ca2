import type { IncomingHttpHeaders } from "node:http";
import type { Socket } from "node:net";
import type { TRequestHead } from "./request-head.ts";

/**
 * A body-less request the lean front parsed: the part of node:http's IncomingMessage that the
 * handler, the request guard, the upstream exchange and the access log read. There is no body to
 * stream, so it is complete from the start and nothing is ever read from it.
 */
export class FrontRequest {
  readonly method: string;
  readonly url: string;
  readonly httpVersion = "1.1";
  readonly httpVersionMajor = 1;
  readonly httpVersionMinor = 1;
  readonly rawHeaders: string[];
  readonly socket: Socket;
  readonly complete = true;
  readonly readableDidRead = false;
  readonly readableLength = 0;
  #headers: IncomingHttpHeaders | undefined;

  constructor(head: TRequestHead, socket: Socket) {
    this.method = head.method;
    this.url = head.target;
    this.rawHeaders = head.rawHeaders;
    this.socket = socket;
  }

  get destroyed(): boolean {
    return this.socket.destroyed;
  }

  /** Built on first use (the hot path reads rawHeaders): lower-case names, repeats joined as Node joins them. */
  get headers(): IncomingHttpHeaders {
    if (this.#headers !== undefined) return this.#headers;
    const headers: Record<string, string | string[]> = {};
    const raw = this.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i]!.toLowerCase();
      const value = raw[i + 1]!;
      const previous = headers[name];
      if (previous === undefined) headers[name] = name === "set-cookie" ? [value] : value;
      else if (Array.isArray(previous)) previous.push(value);
      else headers[name] = name === "cookie" ? `${previous}; ${value}` : `${previous}, ${value}`;
    }
    return (this.#headers = headers as IncomingHttpHeaders);
  }
}
