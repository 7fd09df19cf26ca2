import "server-only";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { z } from "zod";
import { startCertificateManager, type TCertificateManager } from "./acme/start-manager.ts";
import { notifyConfigChanged } from "./config-changes.ts";
import { getDb } from "./db.ts";
import { getSecretBox } from "./secret-box.ts";

const MANAGER_KEY = Symbol.for("gatehouse.web.certificateManager");
type TManagerHolder = { [MANAGER_KEY]?: TCertificateManager };

const ZAcmeSwitch = z.object({
  GATEHOUSE_ACME: z.enum(["on", "off"], { error: "GATEHOUSE_ACME must be on or off." }).default("on"),
});

/**
 * Starts this process's certificate manager (from instrumentation.ts, once per web process), unless
 * GATEHOUSE_ACME=off. Replicas sharing a database each run one; the order lease keeps them apart.
 */
export function startProcessCertificateManager(): void {
  const holder = globalThis as TManagerHolder;
  if (holder[MANAGER_KEY]) return;
  if (ZAcmeSwitch.parse(process.env).GATEHOUSE_ACME === "off") {
    console.info("ACME certificate manager off (GATEHOUSE_ACME=off): automatic HTTPS certificates are not ordered or renewed.");
    return;
  }
  holder[MANAGER_KEY] = startCertificateManager({
    db: getDb(),
    box: getSecretBox(),
    holderId: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    onConfigChanged: notifyConfigChanged,
  });
}

/**
 * Call after saving a host or certificate: a new or renewal-requested certificate is ordered at once
 * instead of on the next poll. A no-op where the manager is off.
 */
export function wakeCertificateManager(): void {
  (globalThis as TManagerHolder)[MANAGER_KEY]?.wake();
}
