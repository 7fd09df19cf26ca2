import { AppError, type TCertificateEventStep, type TCertificateStatus } from "@gatehouse/shared";
import { SYSTEM_ACTOR } from "../audit/actor.ts";
import type { TAuditAction } from "../audit/audit-actions.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Db, TransactionClient } from "../client.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { bumpRevision } from "../revision.ts";
import type { TSecretBox } from "../secrets/secret-box.ts";
import { addCertificateEvent, certificateDomains, type TCertificateRef } from "./certificate-columns.ts";
import { readCertificateView } from "./org-certificates.ts";
import { leafFacts, renewalTime } from "./pem.ts";

// Instance-wide on purpose: only the certificate manager calls these, for every organization's ACME
// certificates. Each query still names the certificate it touches.

const FIRST_BACKOFF_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 24 * 60 * 60_000;

export type TDueCertificate = { id: string; organizationId: string; domains: string[]; renewal: boolean };

/**
 * ACME certificates with work to do and no live lease: new ones (pending, or left mid-order by a
 * replica that died: its lease expired), failed ones whose backoff ended, and issued ones past renewAt.
 */
function dueWhere(now: Date): Prisma.CertificateWhereInput {
  const backoffOver: Prisma.CertificateWhereInput = { OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }] };
  return {
    source: "acme",
    AND: [
      { OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
      backoffOver,
      { OR: [{ status: { in: ["pending", "ordering", "validating", "failed"] } }, { status: "issued", renewAt: { lte: now } }] },
    ],
  };
}

export async function certificatesDue(db: Db, now: Date): Promise<TDueCertificate[]> {
  const rows = await db.certificate.findMany({
    where: dueWhere(now),
    select: { id: true, organizationId: true, domains: true, certificatePem: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((row) => ({
    id: row.id,
    organizationId: row.organizationId,
    domains: certificateDomains(row.domains, row.id),
    renewal: row.certificatePem !== null,
  }));
}

/**
 * Takes the order lease in one conditional update, so of two replicas only one wins. The certificate
 * must still be due: a replica holding an old certificatesDue list cannot re-order a certificate another
 * one has just issued and released.
 */
export async function claimCertificate(db: Db, id: string, holder: string, leaseMs: number, now: Date): Promise<boolean> {
  const { count } = await db.certificate.updateMany({
    where: { id, ...dueWhere(now) },
    data: { lockedBy: holder, lockedUntil: new Date(now.getTime() + leaseMs) },
  });
  return count === 1;
}

export async function releaseCertificate(db: Db, id: string, holder: string): Promise<void> {
  await db.certificate.updateMany({ where: { id, lockedBy: holder }, data: { lockedBy: null, lockedUntil: null } });
}

async function certificateRef(tx: TransactionClient, id: string): Promise<TCertificateRef & { certificatePem: string | null; failureCount: number }> {
  const row = await tx.certificate.findUnique({ where: { id }, select: { id: true, organizationId: true, certificatePem: true, failureCount: true } });
  if (!row) throw new AppError("NOT_FOUND", `Certificate ${id} no longer exists (its host was deleted or changed).`);
  return row;
}

/**
 * Runs `change` on the certificate and records it, with the certificate's view before and after, in its
 * organization's audit log as Gatehouse itself (no person ordered it).
 */
async function auditedEngineChange<T>(tx: TransactionClient, certificate: TCertificateRef, action: TAuditAction, change: () => Promise<T>): Promise<T> {
  const before = await readCertificateView(tx, certificate.organizationId, certificate.id);
  const result = await change();
  const after = await readCertificateView(tx, certificate.organizationId, certificate.id);
  await recordAudit(tx, {
    organizationId: certificate.organizationId,
    actor: SYSTEM_ACTOR,
    action,
    targetKind: "certificate",
    targetId: certificate.id,
    targetLabel: after.name,
    before,
    after,
  });
  return result;
}

/** An order step for the timeline, and the certificate's new status when the step changes it. */
export async function recordCertificateStep(db: Db, id: string, step: TCertificateEventStep, message: string, status?: TCertificateStatus): Promise<void> {
  await db.$transaction(async (tx) => {
    const certificate = await certificateRef(tx, id);
    await addCertificateEvent(tx, certificate, step, message);
    if (status !== undefined) await tx.certificate.update({ where: { id }, data: { status } });
  });
}

/**
 * Stores a newly issued certificate and its key (sealed), schedules its renewal at a third of its
 * lifetime, and stamps a new config revision on it and on every host using it, so the hosts page
 * shows the change applying to the proxies.
 */
export async function storeIssuedCertificate(
  db: Db,
  box: TSecretBox,
  id: string,
  issued: { certificatePem: string; privateKeyPem: string },
): Promise<number> {
  const facts = leafFacts(issued.certificatePem);
  const privateKeyEncrypted = box.seal(issued.privateKeyPem);
  return db.$transaction(async (tx) => {
    const certificate = await certificateRef(tx, id);
    const action = certificate.certificatePem === null ? "certificate.issued" : "certificate.renewed";
    return auditedEngineChange(tx, certificate, action, async () => {
      const revision = await bumpRevision(tx);
      await tx.certificate.update({
        where: { id },
        data: {
          certificatePem: issued.certificatePem,
          privateKeyEncrypted,
          issuer: facts.issuer,
          serialNumber: facts.serialNumber,
          notBefore: facts.notBefore,
          notAfter: facts.notAfter,
          renewAt: renewalTime(facts.notBefore, facts.notAfter),
          status: "issued",
          failureCount: 0,
          lastError: null,
          nextAttemptAt: null,
          revision,
        },
      });
      await tx.host.updateMany({ where: { certificateId: id, organizationId: certificate.organizationId }, data: { revision } });
      await addCertificateEvent(tx, certificate, "issued", `Issued by ${facts.issuer}, valid until ${facts.notAfter.toISOString()}.`);
      return revision;
    });
  });
}

/**
 * A failed order: retried after 5 min, 10 min, 20 min, ... up to a day. A certificate that never had
 * one is "failed"; a failed renewal leaves an issued certificate serving (and "issued").
 */
export async function recordOrderFailure(db: Db, id: string, detail: string, now: Date): Promise<Date> {
  return db.$transaction(async (tx) => {
    const certificate = await certificateRef(tx, id);
    const failureCount = certificate.failureCount + 1;
    const backoffMs = Math.min(FIRST_BACKOFF_MS * 2 ** (failureCount - 1), MAX_BACKOFF_MS);
    const nextAttemptAt = new Date(now.getTime() + backoffMs);
    return auditedEngineChange(tx, certificate, "certificate.failed", async () => {
      await tx.certificate.update({
        where: { id },
        data: {
          failureCount,
          nextAttemptAt,
          lastError: detail,
          ...(certificate.certificatePem === null ? { status: "failed" } : {}),
        },
      });
      await addCertificateEvent(tx, certificate, "failed", detail);
      return nextAttemptAt;
    });
  });
}
