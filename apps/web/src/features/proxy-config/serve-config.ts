import "server-only";
import { compileSnapshot, recordNodeSeen } from "@gatehouse/db";
import { AppError, zodFieldErrors } from "@gatehouse/shared";
import { z } from "zod";
import type { TProxyNodeIdentity } from "@/server/api-route.ts";
import { configRevisionWatch } from "@/server/config-changes.ts";
import { getDb } from "@/server/db.ts";
import { getSecretBox } from "@/server/secret-box.ts";

const MAX_WAIT_SECONDS = 30;
const DEFAULT_WAIT_SECONDS = 25;

const ZRevisionParam = z.string().regex(/^\d{1,15}$/, "Give a whole number.").transform(Number);

export const ZConfigQuery = z.object({
  applied: ZRevisionParam.optional(),
  wait: ZRevisionParam.pipe(z.number().max(MAX_WAIT_SECONDS, `Wait at most ${MAX_WAIT_SECONDS} seconds.`)).default(DEFAULT_WAIT_SECONDS),
});

function snapshotResponse(snapshot: Awaited<ReturnType<typeof compileSnapshot>>): Response {
  return Response.json(snapshot, {
    headers: { "X-Gatehouse-Revision": String(snapshot.revision), "Cache-Control": "no-store" },
  });
}

/**
 * GET /api/v1/proxy/config?applied=<n>&wait=<s>: the snapshot when the node is behind, else a long
 * poll that answers as soon as a newer revision exists (200) or when the wait ends (204).
 */
export async function serveProxyConfig(request: Request, node: TProxyNodeIdentity): Promise<Response> {
  const query = ZConfigQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw new AppError("BAD_INPUT", "Invalid query parameters.", zodFieldErrors(query.error));
  const { applied, wait } = query.data;

  const db = getDb();
  const box = getSecretBox();
  const version = request.headers.get("x-gatehouse-node-version")?.slice(0, 64) || undefined;
  await recordNodeSeen(db, node.id, applied, version);

  if (applied === undefined) return snapshotResponse(await compileSnapshot(db, box));
  const revision = await configRevisionWatch().waitForRevisionAbove(applied, wait * 1000, request.signal);
  if (revision > applied) return snapshotResponse(await compileSnapshot(db, box));
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
}
