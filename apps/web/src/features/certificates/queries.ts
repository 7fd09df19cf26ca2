import "server-only";
import { getAcmeSettings, orgCertificates, type TCertificateDetailView, type TCertificateView } from "@gatehouse/db";
import { can, isAppError } from "@gatehouse/shared";
import { notFound } from "next/navigation";
import { getDb } from "@/server/db.ts";
import { getSecretBox } from "@/server/secret-box.ts";
import { requireViewer, viewerIsInstanceOwner } from "@/server/session.ts";
import type { TAcmeReadiness } from "./acme-readiness.ts";

/** An organization's certificates, with the process's secret box for their private keys. */
export function organizationCertificates(organizationId: string) {
  return orgCertificates(getDb(), organizationId, getSecretBox());
}

export async function certificatesOverview(): Promise<{ certificates: TCertificateView[]; canWrite: boolean }> {
  const { membership } = await requireViewer("certificate:read");
  return {
    certificates: await organizationCertificates(membership.organizationId).list(),
    canWrite: can(membership.role, "certificate:write"),
  };
}

/** Whether automatic certificates can be ordered, for the notes that say who can fix it when not. */
export async function acmeReadiness(): Promise<TAcmeReadiness> {
  const [settings, viewerCanConfigure] = await Promise.all([getAcmeSettings(getDb()), viewerIsInstanceOwner()]);
  return { configured: settings !== null, viewerCanConfigure };
}

/** One certificate of the viewer's organization, with its events and hosts; another organization's id is a 404. */
export async function certificateDetail(
  id: string,
): Promise<{ certificate: TCertificateDetailView; canWrite: boolean; canEditHosts: boolean; acme: TAcmeReadiness }> {
  const { membership } = await requireViewer("certificate:read");
  try {
    return {
      certificate: await organizationCertificates(membership.organizationId).get(id),
      acme: await acmeReadiness(),
      canWrite: can(membership.role, "certificate:write"),
      canEditHosts: can(membership.role, "host:write"),
    };
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

/** The new-certificate page is for writers only (a 404 for the rest, like any page they cannot use). */
export async function requireCertificateWriter(): Promise<void> {
  await requireViewer("certificate:write");
}
