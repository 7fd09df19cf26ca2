import { toNextJsHandler } from "better-auth/next-js";
import { handleAuthRequest } from "@/server/auth.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// The auth instance is created on first request, not at import, so `next build` needs no data dir.
export const { GET, POST } = toNextJsHandler(handleAuthRequest);
