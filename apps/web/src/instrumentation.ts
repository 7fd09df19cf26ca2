import { PHASE_PRODUCTION_BUILD } from "next/constants";

/**
 * Runs once when a Next server starts. The certificate manager needs Node (SQLite, timers) and a data
 * dir, so it starts only in the Node.js runtime of a running server, never while `next build` renders.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === PHASE_PRODUCTION_BUILD) return;
  const { startProcessCertificateManager } = await import("./server/certificate-manager.ts");
  startProcessCertificateManager();
}
