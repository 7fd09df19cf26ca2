import { receiveNodeReport } from "@/features/proxy-nodes/receive-report.ts";
import { proxyNodeRoute } from "@/server/api-route.ts";

// Needs Node (SQLite) and must never be cached.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = proxyNodeRoute(receiveNodeReport);
