import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

/**
 * Server actions called over HTTP exactly as Next's client router calls them: a POST to the page's
 * URL with `Next-Action: <id>` and the arguments encoded by React's own encodeReply (the copy inside
 * Next that its browser bundle uses). A bound action (useOrgAction binds the organization slug) is
 * called with the bound arguments first, as React's client-side `bind` sends them, so forging the
 * slug or a record id is just another argument list.
 *
 * Most forms here go through ActionForm (client-side submit, no progressive-enhancement `$ACTION_*`
 * hidden inputs in the HTML), so there is no HTML form to replay: the fetch protocol is the one every
 * form of the app uses in a browser.
 */

const root = join(import.meta.dirname, "../../..");
const webRequire = createRequire(join(root, "apps/web/package.json"));
type TFlightClient = {
  encodeReply(value: unknown): Promise<string | FormData>;
  createFromFetch<T>(response: Promise<Response>, options: unknown): Promise<T>;
};
const flight = webRequire("next/dist/compiled/react-server-dom-turbopack/client.node.js") as TFlightClient;

export type TManifestAction = { id: string; filename: string; exportedName: string; pages: string[] };

/** Every server action of the current build, from Next's server-reference manifest (file and export name per id). */
export function buildActions(): TManifestAction[] {
  const manifest = JSON.parse(readFileSync(join(root, "apps/web/.next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { workers: Record<string, unknown>; filename?: string; exportedName?: string }>;
  };
  return Object.entries(manifest.node).map(([id, entry]) => {
    if (!entry.filename || !entry.exportedName) throw new Error(`server-reference-manifest entry ${id} has no filename/exportedName: this Next version changed its format`);
    return { id, filename: entry.filename, exportedName: entry.exportedName, pages: Object.keys(entry.workers) };
  });
}

export type TActionResult = {
  status: number;
  /** The redirect an action asked for (`redirect()`), from Next's x-action-redirect header. */
  redirect: string | null;
  /** The action's return value decoded from the RSC payload (form state), when it returned one. */
  value: unknown;
  raw: string;
  /** `name=value` of every Set-Cookie of the response (a sign-in inside an action sets the session). */
  cookies: string[];
};

/** POSTs one server action call; `pagePath` is the page the form lives on (Next routes the call through it). */
export async function callAction(options: {
  webUrl: string;
  pagePath: string;
  actionId: string;
  args: unknown[];
  cookie?: string;
  /** The Origin a browser sends (default: the app's own). */
  origin?: string;
}): Promise<TActionResult> {
  const body = await flight.encodeReply(options.args);
  const headers: Record<string, string> = {
    Accept: "text/x-component",
    "Next-Action": options.actionId,
    Origin: options.origin ?? options.webUrl,
  };
  if (options.cookie) headers.Cookie = options.cookie;
  if (typeof body === "string") headers["Content-Type"] = "text/plain;charset=UTF-8";
  const response = await fetch(`${options.webUrl}${options.pagePath}`, { method: "POST", headers, body, redirect: "manual" });
  const raw = await response.text();
  let value: unknown = undefined;
  if (response.headers.get("content-type")?.includes("text/x-component")) {
    try {
      const decoded = await flight.createFromFetch<{ a?: unknown }>(Promise.resolve(new Response(raw, { headers: { "content-type": "text/x-component" } })), {
        serverConsumerManifest: { moduleMap: {}, serverModuleMap: null, moduleLoading: null },
      });
      value = await decoded.a;
    } catch {
      value = undefined;
    }
  }
  const redirect = response.headers.get("x-action-redirect");
  const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]!);
  return { status: response.status, redirect: redirect ? redirect.split(";")[0]! : null, value, raw, cookies };
}

/** A FormData from plain fields, as a browser builds it from a form's inputs. */
export function formOf(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}
