import "server-only";
import { recordNodeReport } from "@gatehouse/db";
import { AppError, ZNodeReport } from "@gatehouse/shared";
import { formFieldErrors } from "@/lib/form-errors.ts";
import type { TProxyNodeIdentity } from "@/server/api-route.ts";
import { getDb } from "@/server/db.ts";
import { readJsonBody } from "@/server/json-body.ts";

// ZNodeReport allows 10,000 targets; with long error texts a full report is a few MiB. The limit sits
// above any report a real node sends and far below what would hurt this process.
export const MAX_REPORT_BYTES = 8 * 1024 * 1024;

/** POST /api/v1/proxy/report: a node's view of its upstream targets' health; replaces its last report. */
export async function receiveNodeReport(request: Request, node: TProxyNodeIdentity): Promise<Response> {
  const report = ZNodeReport.safeParse(await readJsonBody(request, MAX_REPORT_BYTES));
  if (!report.success) {
    throw new AppError("BAD_INPUT", "The health report does not match the expected format.", formFieldErrors(report.error));
  }
  await recordNodeReport(getDb(), node.id, report.data);
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
}
