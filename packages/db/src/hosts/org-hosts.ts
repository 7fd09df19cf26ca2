import { AppError, ZHostInput, zodFieldErrors, type THostInput } from "@gatehouse/shared";
import type { z } from "zod";
import { deleteUnusedAcmeCertificates, hostTlsColumns } from "../certificates/host-tls.ts";
import type { TActor } from "../audit/actor.ts";
import type { TAuditAction } from "../audit/audit-actions.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Db, TransactionClient } from "../client.ts";
import { bumpRevision } from "../revision.ts";
import { assertDomainsFree, withDomainRaceAsConflict } from "./domain-conflicts.ts";
import { HOST_VIEW_SELECT, toHostView, type THostView } from "./host-view.ts";
import { replaceLocations } from "./locations.ts";
import { deletePrivateUpstreams, privateUpstreamsByPath } from "./private-upstreams.ts";

/** What callers may pass: the form's values before zod fills defaults (a parsed THostInput fits too). */
export type THostInputDraft = z.input<typeof ZHostInput>;

// Callers validate too; this boundary parses again so no path into the database skips it.
function parseHostInput(input: THostInputDraft): THostInput {
  const result = ZHostInput.safeParse(input);
  if (!result.success) {
    throw new AppError("BAD_INPUT", "Check the highlighted host fields.", zodFieldErrors(result.error));
  }
  return result.data;
}

function hostNotFound(): AppError {
  return new AppError("NOT_FOUND", "This host does not exist. It may have been deleted.");
}

const ownHost = (organizationId: string, id: string) => ({ id_organizationId: { id, organizationId } });

const domainRows = (domains: string[]) => ({ create: domains.map((domain, position) => ({ domain, position })) });

/**
 * The write of orgHosts().create inside the caller's transaction (an import runs many in one): checks
 * the domains are free, bumps the revision, resolves HTTPS and writes the host with its locations.
 */
export async function createHostIn(tx: TransactionClient, organizationId: string, input: THostInputDraft): Promise<string> {
  const host = parseHostInput(input);
  await assertDomainsFree(tx, host.domains);
  const revision = await bumpRevision(tx);
  const tls = await hostTlsColumns(tx, { organizationId, domains: host.domains, previousCertificateId: null }, host.tls);
  const { id } = await tx.host.create({
    data: { organizationId, enabled: host.enabled, options: JSON.stringify(host.options), ...tls, revision, domains: domainRows(host.domains) },
    select: { id: true },
  });
  await replaceLocations(tx, { organizationId, hostId: id, firstDomain: host.domains[0]!, revision }, host.locations);
  return id;
}

/** The write of orgHosts().update inside the caller's transaction; NOT_FOUND for another organization's host. */
export async function updateHostIn(tx: TransactionClient, organizationId: string, id: string, input: THostInputDraft): Promise<void> {
  const host = parseHostInput(input);
  const previousCertificateId = await currentCertificateOf(tx, organizationId, id);
  await assertDomainsFree(tx, host.domains, id);
  const revision = await bumpRevision(tx);
  // Replace rather than diff: a host has a handful of domains.
  await tx.hostDomain.deleteMany({ where: { hostId: id, organizationId } });
  const tls = await hostTlsColumns(tx, { organizationId, domains: host.domains, previousCertificateId }, host.tls);
  await tx.host.update({
    where: ownHost(organizationId, id),
    data: { enabled: host.enabled, options: JSON.stringify(host.options), ...tls, revision, domains: domainRows(host.domains) },
  });
  await replaceLocations(tx, { organizationId, hostId: id, firstDomain: host.domains[0]!, revision }, host.locations);
  await deleteUnusedAcmeCertificates(tx, organizationId);
}

/** The host's current certificate, or 404 when the host is not this organization's. */
async function currentCertificateOf(tx: TransactionClient, organizationId: string, id: string): Promise<string | null> {
  const host = await tx.host.findUnique({ where: ownHost(organizationId, id), select: { certificateId: true } });
  if (!host) throw hostNotFound();
  return host.certificateId;
}

/** Reading an organization's hosts: needs no actor. */
function hostReads(db: Db, organizationId: string) {
  return {
    async list(): Promise<THostView[]> {
      const rows = await db.host.findMany({
        where: { organizationId },
        select: HOST_VIEW_SELECT,
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      });
      return rows.map(toHostView);
    },

    async get(id: string): Promise<THostView> {
      const row = await db.host.findUnique({ where: ownHost(organizationId, id), select: HOST_VIEW_SELECT });
      if (!row) throw hostNotFound();
      return toHostView(row);
    },
  };
}

/** The host's name in the audit log: its first domain. */
const hostLabel = (host: THostView): string => host.domains[0] ?? host.id;

/**
 * Changing an organization's hosts, each change recorded for the audit log as `actor` in its own
 * transaction.
 */
function hostWrites(db: Db, organizationId: string, actor: TActor) {
  const ownKey = (id: string) => ownHost(organizationId, id);

  async function readView(tx: TransactionClient, id: string): Promise<THostView> {
    return toHostView(await tx.host.findUniqueOrThrow({ where: ownKey(id), select: HOST_VIEW_SELECT }));
  }

  /** The host as it is before a change, or 404 when it is not this organization's. */
  async function viewBefore(tx: TransactionClient, id: string): Promise<THostView> {
    const row = await tx.host.findUnique({ where: ownKey(id), select: HOST_VIEW_SELECT });
    if (!row) throw hostNotFound();
    return toHostView(row);
  }

  function audit(tx: TransactionClient, action: TAuditAction, before: THostView | null, after: THostView | null): Promise<void> {
    const host = (after ?? before)!;
    return recordAudit(tx, { organizationId, actor, action, targetKind: "host", targetId: host.id, targetLabel: hostLabel(host), before, after });
  }

  return {
    async create(input: THostInputDraft): Promise<THostView> {
      const host = parseHostInput(input);
      return withDomainRaceAsConflict(db, host.domains, undefined, () =>
        db.$transaction(async (tx) => {
          const created = await readView(tx, await createHostIn(tx, organizationId, host));
          await audit(tx, "host.create", null, created);
          return created;
        }),
      );
    },

    async update(id: string, input: THostInputDraft): Promise<THostView> {
      const host = parseHostInput(input);
      return withDomainRaceAsConflict(db, host.domains, id, () =>
        db.$transaction(async (tx) => {
          const before = await viewBefore(tx, id);
          await updateHostIn(tx, organizationId, id, host);
          const after = await readView(tx, id);
          await audit(tx, "host.update", before, after);
          return after;
        }),
      );
    },

    async setEnabled(id: string, enabled: boolean): Promise<THostView> {
      return db.$transaction(async (tx) => {
        const before = await viewBefore(tx, id);
        const revision = await bumpRevision(tx);
        await tx.host.update({ where: ownKey(id), data: { enabled, revision } });
        const after = await readView(tx, id);
        await audit(tx, enabled ? "host.enable" : "host.disable", before, after);
        return after;
      });
    },

    async remove(id: string): Promise<void> {
      await db.$transaction(async (tx) => {
        const before = await viewBefore(tx, id);
        const privateUpstreams = await privateUpstreamsByPath(tx, organizationId, id);
        await bumpRevision(tx);
        await tx.host.delete({ where: ownKey(id) });
        // Shared upstreams stay; the host's private ones go with it.
        await deletePrivateUpstreams(tx, organizationId, [...privateUpstreams.values()]);
        await deleteUnusedAcmeCertificates(tx, organizationId);
        await audit(tx, "host.delete", before, null);
      });
    },
  };
}

export type TOrgHostsReader = ReturnType<typeof hostReads>;
export type TOrgHosts = TOrgHostsReader & ReturnType<typeof hostWrites>;

/**
 * The only way to read or change hosts: every query is bound to one organization, and a host of
 * another organization is indistinguishable from a missing one (NOT_FOUND, never FORBIDDEN). Reading
 * needs no actor; changing does (the type offers the writes only with one). Each change is one
 * transaction that also bumps the config revision and stamps it on the host (and on the private
 * upstreams it writes), keeps the host's certificate with it (automatic HTTPS finds or creates the ACME
 * certificate for its domains, and an ACME certificate no host uses any more goes), and records the
 * change in the audit log.
 */
export function orgHosts(db: Db, organizationId: string): TOrgHostsReader;
export function orgHosts(db: Db, organizationId: string, actor: TActor): TOrgHosts;
export function orgHosts(db: Db, organizationId: string, actor?: TActor): TOrgHostsReader | TOrgHosts {
  if (!organizationId) throw new AppError("INTERNAL", "orgHosts was called without an organization id.");
  const reads = hostReads(db, organizationId);
  return actor === undefined ? reads : { ...reads, ...hostWrites(db, organizationId, actor) };
}
