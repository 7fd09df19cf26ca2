import "server-only";
import { authenticateApiToken, authenticateNode, instanceOwnerId, type TActor } from "@gatehouse/db";
import { AppError, can, isAppError, type TPermission } from "@gatehouse/shared";
import type { z } from "zod";
import { formFieldErrors } from "@/lib/form-errors.ts";
import { friendlyIssueMessage } from "@/lib/issue-messages.ts";
import { clientIpOf, userActor } from "./actor.ts";
import { getAuth } from "./auth.ts";
import { getDb } from "./db.ts";
import { readJsonBody } from "./json-body.ts";

/** The JSON error body of every /api/v1 route: `{ error: { code, message, fieldErrors? } }`. */
export function errorResponse(error: AppError): Response {
  const headers: HeadersInit = error.code === "UNAUTHENTICATED" ? { "WWW-Authenticate": 'Bearer realm="gatehouse"' } : {};
  const body = { error: { code: error.code, message: error.message, ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}) } };
  return Response.json(body, { status: error.status, headers: { ...headers, "Cache-Control": "no-store" } });
}

type TRouteHandler<TContext> = (request: Request, context: TContext) => Promise<Response>;

/** Maps AppErrors to their status and JSON body; anything else is logged and answered as 500. */
export function apiRoute(handler: (request: Request) => Promise<Response>): (request: Request) => Promise<Response> {
  return async (request) => {
    try {
      return await handler(request);
    } catch (error) {
      if (isAppError(error)) return errorResponse(error);
      console.error(`${request.method} ${new URL(request.url).pathname} failed:`, error);
      return errorResponse(new AppError("INTERNAL", "The control plane failed to answer this request; see its log."));
    }
  };
}

export type TProxyNodeIdentity = { id: string; name: string };

/** An API route for proxy nodes: the bearer token must belong to a registered node. */
export function proxyNodeRoute(handler: TRouteHandler<TProxyNodeIdentity>): (request: Request) => Promise<Response> {
  return apiRoute(async (request) => {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "")?.[1];
    const node = token ? await authenticateNode(getDb(), token) : null;
    if (!node) throw new AppError("UNAUTHENTICATED", "A valid proxy node token is required (Authorization: Bearer <token>).");
    return handler(request, node);
  });
}

/**
 * An API route for the instance owner only (the first user, who holds instance-wide powers). Anyone
 * else, signed in or not, gets the 404 of a route that does not exist. The session is read from the
 * request itself, as route handlers receive it.
 */
export function instanceOwnerRoute(handler: (request: Request) => Promise<Response>): (request: Request) => Promise<Response> {
  return apiRoute(async (request) => {
    const session = await getAuth().api.getSession({ headers: request.headers });
    if (!session || session.user.id !== (await instanceOwnerId(getDb()))) {
      throw new AppError("NOT_FOUND", "There is nothing at this address.");
    }
    return handler(request);
  });
}

/** Who calls an organization's API: the organization, the role the matrix checks, and the actor the audit log records. */
export type TOrgApiCaller = { organizationId: string; role: string; actor: TActor };

/** Next's second route-handler argument: the dynamic segments of the path. */
type TRouteParams<TParams> = { params: Promise<TParams> };

const BEARER = /^Bearer\s+(\S+)\s*$/i;
/** Host, upstream and certificate bodies are a few KiB; PEM chains the largest. */
const API_BODY_LIMIT = 512 * 1024;

async function tokenCaller(request: Request, token: string): Promise<TOrgApiCaller> {
  const identity = await authenticateApiToken(getDb(), token);
  if (!identity) throw new AppError("UNAUTHENTICATED", "This API token is unknown, expired or revoked. Create a new one on the API tokens page.");
  return {
    organizationId: identity.organizationId,
    role: identity.role,
    actor: { userId: identity.createdByUserId, tokenId: identity.id, label: `API token ${identity.name}`, ip: clientIpOf(request.headers) },
  };
}

async function sessionCaller(request: Request): Promise<TOrgApiCaller> {
  const session = await getAuth().api.getSession({ headers: request.headers });
  if (!session) throw new AppError("UNAUTHENTICATED", "Sign in, or send an API token (Authorization: Bearer gh_…).");
  // A cross-site form can POST text/plain with the cookie attached (PUT and DELETE need a CORS
  // preflight we never grant); only same-origin scripts can send JSON, so a session POST must be JSON.
  if (request.method === "POST" && !request.headers.get("content-type")?.startsWith("application/json")) {
    throw new AppError("BAD_INPUT", "Send the request body as JSON (Content-Type: application/json).");
  }
  const organizationId = session.session.activeOrganizationId;
  const member = organizationId
    ? await getDb().member.findFirst({ where: { userId: session.user.id, organizationId }, select: { role: true } })
    : null;
  if (!organizationId || !member) throw new AppError("FORBIDDEN", "You are not a member of an organization. Ask an owner to invite you.");
  return { organizationId, role: member.role, actor: userActor(session.user, clientIpOf(request.headers)) };
}

/**
 * An API route on one organization's data, for API tokens (`Authorization: Bearer gh_…`) and for the
 * browser session alike: both are checked against the same permission matrix as the GUI. A request
 * carrying a bearer header is judged by its token alone. Handlers reach data only through the
 * org-scoped db helpers, so another organization's ids answer 404.
 */
export function orgApiRoute<TParams extends object = object>(
  permission: TPermission,
  handler: (request: Request, caller: TOrgApiCaller, params: TParams) => Promise<Response>,
): (request: Request, route: TRouteParams<TParams>) => Promise<Response> {
  return (request, route) =>
    apiRoute(async () => {
      const authorization = request.headers.get("authorization");
      const caller = authorization ? await tokenCaller(request, BEARER.exec(authorization)?.[1] ?? "") : await sessionCaller(request);
      if (!can(caller.role, permission)) {
        const whose = caller.actor.tokenId ? "This token's role" : "Your role";
        throw new AppError("FORBIDDEN", `${whose} (${caller.role}) does not allow ${permission}. Ask an owner or admin.`);
      }
      return handler(request, caller, await route.params);
    })(request);
}

/** The request's JSON body parsed by the same zod schema the GUI's form uses; 400 with field errors otherwise. */
export async function readApiBody<TInput>(request: Request, schema: z.ZodType<TInput>): Promise<TInput> {
  const parsed = schema.safeParse(await readJsonBody(request, API_BODY_LIMIT), { error: friendlyIssueMessage });
  if (!parsed.success) throw new AppError("BAD_INPUT", "Some fields need attention; see fieldErrors.", formFieldErrors(parsed.error));
  return parsed.data;
}
