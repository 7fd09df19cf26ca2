import "server-only";
import { getAcmeSettings, orgCertificates, type TCertificateDetailView, type TCertificateView, type TMembershipView } from "@gatehouse/db";
import { can, isAppError } from "@gatehouse/shared";
import { notFound } from "next/navigation";
import { getDb } from "@/server/db.ts";
import { getSecretBox } from "@/server/secret-box.ts";
import { viewerIsInstanceOwner } from "@/server/session.ts";
import type { TAcmeReadiness } from "./acme-readiness.ts";

/** An organization's certificates, with the process's secret box for their private keys. */
export function organizationCertificates(organizationId: string) {
  return orgCertificates(getDb(), organizationId, getSecretBox());
}

/** The certificates list (certificate:read, checked by the page). */
export async function certificatesOverview(membership: TMembershipView): Promise<{ certificates: TCertificateView[]; canWrite: boolean }> {
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

/** One certificate of the member's organization, with its events and hosts; another organization's id is a 404. */
export async function certificateDetail(
  membership: TMembershipView,
  id: string,
): Promise<{ certificate: TCertificateDetailView; canWrite: boolean; canEditHosts: boolean; acme: TAcmeReadiness }> {
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
