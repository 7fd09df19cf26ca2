import type { ServerResponse } from "node:http";
import type { TLocationAction } from "@gatehouse/shared";

/** A fixed answer, built once per snapshot: the request only writes prepared bytes. */
export interface TRespondAction {
  readonly kind: "respond";
  readonly status: number;
  /** Flat `[name, value, ...]` list, as writeHead takes it. */
  readonly headers: readonly string[];
  readonly body: Buffer | undefined;
}

// RFC 9110 §6.4.1 and §15.4.5: these never carry content, so neither body nor its length is sent.
const NO_CONTENT = new Set([204, 304]);

export function compileRespond(action: Extract<TLocationAction, { type: "respond" }>): TRespondAction {
  if (NO_CONTENT.has(action.status)) return { kind: "respond", status: action.status, headers: [], body: undefined };
  const body = Buffer.from(action.body, "utf8");
  return {
    kind: "respond",
    status: action.status,
    headers: ["Content-Type", action.contentType, "Content-Length", String(body.length)],
    body,
  };
}

/** `extraFields`: the proxy's own fields for this answer (HSTS), appended to the prepared ones. */
export function sendRespond(res: ServerResponse, action: TRespondAction, extraFields: readonly string[] = []): void {
  res.writeHead(action.status, (extraFields.length === 0 ? action.headers : [...action.headers, ...extraFields]) as string[]);
  // Node leaves the body out for HEAD by itself, keeping Content-Length as for GET (RFC 9110 §9.3.2).
  res.end(action.body);
}
