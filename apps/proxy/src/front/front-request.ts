import type { Socket } from "node:net";
import type { TRequestHead } from "./request-head.ts";

/**
 * A body-less request the lean front parsed: the part of node:http's IncomingMessage that the
 * handler, the upstream exchange and the access log read for such a request (the raw header list,
 * never a header object). Nothing reads a body from it: there is none.
 */
export class FrontRequest {
  readonly method: string;
  readonly url: string;
  readonly httpVersion = "1.1";
  readonly rawHeaders: string[];
  readonly socket: Socket;

  constructor(head: TRequestHead, socket: Socket) {
    this.method = head.method;
    this.url = head.target;
    this.rawHeaders = head.rawHeaders;
    this.socket = socket;
  }
}
