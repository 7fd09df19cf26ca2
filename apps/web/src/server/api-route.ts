import "server-only";
import { authenticateNode, instanceOwnerId } from "@gatehouse/db";
import { AppError, isAppError } from "@gatehouse/shared";
import { getAuth } from "./auth.ts";
import { getDb } from "./db.ts";

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
