import { AppError, uncoveredDomains, type THostTlsInput } from "@gatehouse/shared";
import type { TransactionClient } from "../client.ts";
import { addCertificateEvent, certificateDomains, sameDomains } from "./certificate-columns.ts";

/** The Host columns that hold its TLS settings. */
export type THostTlsColumns = { tlsMode: string; certificateId: string | null; forceHttps: boolean; hsts: string | null };

type THostTlsContext = { organizationId: string; domains: string[]; previousCertificateId: string | null };

function badCertificate(message: string): AppError {
  return new AppError("BAD_INPUT", message, { "tls.certificateId": [message] });
}

/**
 * The organization's ACME certificate for exactly these domains, created (pending, with a "requested"
 * event) when there is none: the certificate manager orders it without further clicks. When the
 * host's domains changed, its own ACME certificate is re-scoped instead and ordered again as a
 * renewal, so the current certificate keeps serving the unchanged names until the new one is issued.
 */
async function acmeCertificateFor(tx: TransactionClient, { organizationId, domains, previousCertificateId }: THostTlsContext): Promise<string> {
  const candidates = await tx.certificate.findMany({ where: { organizationId, source: "acme" }, select: { id: true, domains: true } });
  const existing = candidates.find((candidate) => sameDomains(certificateDomains(candidate.domains, candidate.id), domains));
  if (existing) return existing.id;
  const previous = candidates.find((candidate) => candidate.id === previousCertificateId);
  if (previous) {
    const reordered = await tx.certificate.update({
      where: { id_organizationId: { id: previous.id, organizationId } },
      // status stays "issued" when there is a certificate (a renewal), "pending" otherwise restarts the order.
      data: { name: domains[0]!, domains: JSON.stringify(domains), renewAt: new Date(), nextAttemptAt: null, failureCount: 0 },
      select: { id: true, organizationId: true, certificatePem: true },
    });
    if (reordered.certificatePem === null) {
      await tx.certificate.update({ where: { id_organizationId: { id: previous.id, organizationId } }, data: { status: "pending", lastError: null } });
    }
    await addCertificateEvent(tx, reordered, "requested", `Domains changed: certificate requested for ${domains.join(", ")}.`);
    return reordered.id;
  }
  const created = await tx.certificate.create({
    data: { organizationId, name: domains[0]!, source: "acme", status: "pending", domains: JSON.stringify(domains) },
    select: { id: true, organizationId: true },
  });
  await addCertificateEvent(tx, created, "requested", `Certificate requested for ${domains.join(", ")}.`);
  return created.id;
}

/** A chosen certificate must be this organization's and cover every domain of the host. */
async function chosenCertificate(tx: TransactionClient, { organizationId, domains }: THostTlsContext, certificateId: string): Promise<string> {
  const certificate = await tx.certificate.findUnique({
    where: { id_organizationId: { id: certificateId, organizationId } },
    select: { id: true, name: true, domains: true },
  });
  if (!certificate) throw badCertificate("This certificate does not exist. It may have been deleted: choose another one.");
  const uncovered = uncoveredDomains(certificateDomains(certificate.domains, certificate.id), domains);
  if (uncovered.length > 0) {
    throw badCertificate(
      `Certificate ${certificate.name} does not cover ${uncovered.join(", ")}: choose a certificate for these names, or use automatic HTTPS.`,
    );
  }
  return certificate.id;
}

/**
 * Resolves the host form's HTTPS choice into Host columns, inside the host's save transaction. With
 * HTTPS off nothing else is kept, so a later switch to HTTPS starts from a clean form.
 */
export async function hostTlsColumns(tx: TransactionClient, context: THostTlsContext, tls: THostTlsInput): Promise<THostTlsColumns> {
  if (tls.mode === "off") return { tlsMode: "off", certificateId: null, forceHttps: false, hsts: null };
  const certificateId =
    tls.mode === "automatic" ? await acmeCertificateFor(tx, context) : await chosenCertificate(tx, context, tls.certificateId!);
  return { tlsMode: tls.mode, certificateId, forceHttps: tls.forceHttps, hsts: tls.hsts === null ? null : JSON.stringify(tls.hsts) };
}

/** ACME certificates exist for hosts: once no host uses one (HTTPS off, domains changed, host deleted) it goes. */
export async function deleteUnusedAcmeCertificates(tx: TransactionClient, organizationId: string): Promise<void> {
  await tx.certificate.deleteMany({ where: { organizationId, source: "acme", hosts: { none: {} } } });
}
