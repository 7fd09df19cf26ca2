import { serveProxyConfig } from "@/features/proxy-config/serve-config.ts";
import { proxyNodeRoute } from "@/server/api-route.ts";

// A long poll: never prerendered or cached, and it needs Node (SQLite).
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = proxyNodeRoute(serveProxyConfig);
