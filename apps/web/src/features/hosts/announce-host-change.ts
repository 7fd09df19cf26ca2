import "server-only";
import { wakeCertificateManager } from "@/server/certificate-manager.ts";
import { notifyConfigChanged } from "@/server/config-changes.ts";

/**
 * After a host write has committed (form or API): proxies fetch the new snapshot and the certificate
 * manager orders an automatic host's certificate now, not at their next poll.
 */
export function announceHostChange(): void {
  notifyConfigChanged();
  wakeCertificateManager();
}
