import "server-only";
import { listNodes, liveState, orgHosts, orgUpstreams, targetHealth, type TCertificateDetailView, type THostView, type TMembershipView } from "@gatehouse/db";
import { can, isAppError } from "@gatehouse/shared";
import { notFound } from "next/navigation";
import type { TAcmeReadiness } from "@/features/certificates/acme-readiness.ts";
import { acmeReadiness, organizationCertificates } from "@/features/certificates/queries.ts";
import { targetHealthLookup, type TTargetHealthSummary } from "@/features/upstreams/target-health.ts";
import { getDb } from "@/server/db.ts";
import { hostFormValues, type TCertificateChoice, type THostFormValues, type TUpstreamChoice } from "./host-form-values.ts";

/** A host in the list, with the health of each location's private target (null for other locations). */
export type THostRow = THostView & { state: ReturnType<typeof liveState>; locationHealth: (TTargetHealthSummary | null)[] };

/** The hosts list (host:read, checked by the page). */
export async function hostsOverview(membership: TMembershipView): Promise<{ hosts: THostRow[]; canWrite: boolean; canReadUpstreams: boolean }> {
  const db = getDb();
  const [hosts, nodes, health] = await Promise.all([
    orgHosts(db, membership.organizationId).list(),
    listNodes(db),
    targetHealth(db, membership.organizationId),
  ]);
  const healthOf = targetHealthLookup(health);
  return {
    hosts: hosts.map((host) => ({
      ...host,
      state: liveState(host.revision, nodes),
      locationHealth: host.locations.map(({ action }) =>
        action.type === "proxy" && action.backendUrl !== null ? healthOf(action.upstreamId, action.backendUrl) : null,
      ),
    })),
    canWrite: can(membership.role, "host:write"),
    canReadUpstreams: can(membership.role, "upstream:read"),
  };
}

/** The upstream pools a host location can use (a host writer also reads upstreams in every role). */
async function upstreamChoices(organizationId: string): Promise<TUpstreamChoice[]> {
  const upstreams = await orgUpstreams(getDb(), organizationId).list();
  return upstreams.map(({ id, name }) => ({ id, name }));
}

/**
 * The certificates a host can be pointed at: uploaded and self-signed ones (ACME certificates belong
 * to the hosts that ordered them, through "automatic").
 */
async function certificateChoices(organizationId: string): Promise<TCertificateChoice[]> {
  const certificates = await organizationCertificates(organizationId).list();
  return certificates.filter(({ source }) => source !== "acme").map(({ id, name, domains }) => ({ id, name, domains }));
}

export type THostFormContext = {
  initial: THostFormValues;
  upstreams: TUpstreamChoice[];
  certificates: TCertificateChoice[];
  acme: TAcmeReadiness;
  name: string | null;
  /** The automatic certificate's order, for the host page's timeline; null unless HTTPS is automatic. */
  order: TCertificateDetailView | null;
};

/**
 * The host form of the member's organization (host:write, checked by the page): a new host, or `id` (another organization's id is a
 * 404). A new host gets automatic HTTPS by default once the instance has an ACME account.
 */
export async function hostFormContext(membership: TMembershipView, id?: string): Promise<THostFormContext> {
  const { organizationId } = membership;
  let host: THostView | null = null;
  if (id !== undefined) {
    try {
      host = await orgHosts(getDb(), organizationId).get(id);
    } catch (error) {
      if (isAppError(error) && error.code === "NOT_FOUND") notFound();
      throw error;
    }
  }
  const [upstreams, certificates, acme] = await Promise.all([upstreamChoices(organizationId), certificateChoices(organizationId), acmeReadiness()]);
  const certificateId = host?.tls.mode === "automatic" ? host.tls.certificateId : null;
  return {
    initial: hostFormValues(host, acme.configured ? "automatic" : "off"),
    upstreams,
    certificates,
    acme,
    name: host ? (host.domains[0] ?? host.id) : null,
    order: certificateId ? await organizationCertificates(organizationId).get(certificateId) : null,
  };
}
