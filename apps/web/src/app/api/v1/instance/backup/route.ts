import { serveBackupDownload } from "@/features/backup/backup-download.ts";
import { instanceOwnerRoute } from "@/server/api-route.ts";

// A fresh copy on every request: never prerendered or cached, and it needs Node (SQLite).
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = instanceOwnerRoute(serveBackupDownload);
