import { CERTIFICATE_SOURCES, CERTIFICATE_STATUSES, ZDomainPattern, type TCertificateEventStep } from "@gatehouse/shared";
import { z } from "zod";
import type { TransactionClient } from "../client.ts";
import { parseColumn, parseJsonColumn } from "../json-column.ts";

const ZCertificateDomains = z.array(ZDomainPattern).min(1);

/** The domains JSON column of a certificate. */
export function certificateDomains(text: string, certificateId: string): string[] {
  return parseJsonColumn(ZCertificateDomains, text, `Domains of certificate ${certificateId}`);
}

export const certificateStatus = (value: string, certificateId: string) =>
  parseColumn(z.enum(CERTIFICATE_STATUSES), value, `Status of certificate ${certificateId}`);

export const certificateSource = (value: string, certificateId: string) =>
  parseColumn(z.enum(CERTIFICATE_SOURCES), value, `Source of certificate ${certificateId}`);

/** Two domain lists name the same certificate when they hold the same names in any order. */
export function sameDomains(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join("\n") === [...b].sort().join("\n");
}

export type TCertificateRef = { id: string; organizationId: string };

/** One step of the certificate's timeline (the host page shows them as they happen). */
export async function addCertificateEvent(tx: TransactionClient, certificate: TCertificateRef, step: TCertificateEventStep, message: string): Promise<void> {
  await tx.certificateEvent.create({ data: { certificateId: certificate.id, organizationId: certificate.organizationId, step, message } });
}
