import { AppError, ZHostInput, zodFieldErrors, type THostInput } from "@gatehouse/shared";
import type { Db, TransactionClient } from "../client.ts";
import { bumpRevision } from "../revision.ts";
import { assertDomainsFree, withDomainRaceAsConflict } from "./domain-conflicts.ts";
import { HOST_VIEW_SELECT, toHostView, type THostView } from "./host-view.ts";

// Callers validate too; this boundary parses again so no path into the database skips it.
function parseHostInput(input: THostInput): THostInput {
  const result = ZHostInput.safeParse(input);
  if (!result.success) {
    throw new AppError("BAD_INPUT", "Check the domains and the backend URL.", zodFieldErrors(result.error));
  }
  return result.data;
}

function hostNotFound(): AppError {
  return new AppError("NOT_FOUND", "This host does not exist. It may have been deleted.");
}

/**
 * The only way to read or change hosts: every query is bound to one organization, and a host of
 * another organization is indistinguishable from a missing one (NOT_FOUND, never FORBIDDEN). Each
 * change is one transaction that also bumps the config revision and stamps it on the host.
 */
export function orgHosts(db: Db, organizationId: string) {
  if (!organizationId) throw new AppError("INTERNAL", "orgHosts was called without an organization id.");

  const ownHost = (id: string) => ({ id_organizationId: { id, organizationId } });

  async function findOwnHost(tx: TransactionClient, id: string): Promise<{ upstreamId: string }> {
    const host = await tx.host.findUnique({ where: ownHost(id), select: { upstreamId: true } });
    if (!host) throw hostNotFound();
    return host;
  }

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
      const row = await db.host.findUnique({ where: ownHost(id), select: HOST_VIEW_SELECT });
      if (!row) throw hostNotFound();
      return toHostView(row);
    },

    async create(input: THostInput): Promise<THostView> {
      const { domains, backendUrl, enabled } = parseHostInput(input);
      return withDomainRaceAsConflict(db, domains, undefined, () =>
        db.$transaction(async (tx) => {
          await assertDomainsFree(tx, domains);
          const revision = await bumpRevision(tx);
          const upstream = await tx.upstream.create({
            data: { organizationId, name: domains[0]!, targets: { create: [{ url: backendUrl }] } },
            select: { id: true },
          });
          const host = await tx.host.create({
            data: {
              organizationId,
              upstreamId: upstream.id,
              enabled,
              revision,
              domains: { create: domains.map((domain, position) => ({ domain, position })) },
            },
            select: HOST_VIEW_SELECT,
          });
          return toHostView(host);
        }),
      );
    },

    async update(id: string, input: THostInput): Promise<THostView> {
      const { domains, backendUrl, enabled } = parseHostInput(input);
      return withDomainRaceAsConflict(db, domains, id, () =>
        db.$transaction(async (tx) => {
          const { upstreamId } = await findOwnHost(tx, id);
          await assertDomainsFree(tx, domains, id);
          const revision = await bumpRevision(tx);
          // Replace rather than diff: a host has a handful of domains and one private target.
          await tx.hostDomain.deleteMany({ where: { hostId: id, organizationId } });
          await tx.upstreamTarget.deleteMany({ where: { upstreamId, organizationId } });
          await tx.upstream.update({
            where: { id_organizationId: { id: upstreamId, organizationId } },
            data: { name: domains[0]!, targets: { create: [{ url: backendUrl }] } },
          });
          const host = await tx.host.update({
            where: ownHost(id),
            data: {
              enabled,
              revision,
              domains: { create: domains.map((domain, position) => ({ domain, position })) },
            },
            select: HOST_VIEW_SELECT,
          });
          return toHostView(host);
        }),
      );
    },

    async setEnabled(id: string, enabled: boolean): Promise<THostView> {
      return db.$transaction(async (tx) => {
        await findOwnHost(tx, id);
        const revision = await bumpRevision(tx);
        const host = await tx.host.update({ where: ownHost(id), data: { enabled, revision }, select: HOST_VIEW_SELECT });
        return toHostView(host);
      });
    },

    async remove(id: string): Promise<void> {
      await db.$transaction(async (tx) => {
        const { upstreamId } = await findOwnHost(tx, id);
        await bumpRevision(tx);
        await tx.host.delete({ where: ownHost(id) });
        // Only a private upstream goes with its host; one still used by another host stays.
        await tx.upstream.deleteMany({ where: { id: upstreamId, organizationId, hosts: { none: {} } } });
      });
    },
  };
}

