import { AppError, ZUpstreamInput, zodFieldErrors, type TUpstreamInput } from "@gatehouse/shared";
import type { z } from "zod";
import type { TActor } from "../audit/actor.ts";
import type { TAuditAction } from "../audit/audit-actions.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Db, TransactionClient } from "../client.ts";
import { isUniqueViolation } from "../prisma-errors.ts";
import { bumpRevision } from "../revision.ts";
import { targetRows, upstreamColumns } from "./upstream-columns.ts";
import { hostCounts, toUpstreamView, UPSTREAM_VIEW_SELECT, type TUpstreamView } from "./upstream-view.ts";

/** What callers may pass: the form's values before zod fills defaults (a parsed TUpstreamInput fits too). */
export type TUpstreamInputDraft = z.input<typeof ZUpstreamInput>;

// Callers validate too; this boundary parses again so no path into the database skips it.
function parseUpstreamInput(input: TUpstreamInputDraft): TUpstreamInput {
  const result = ZUpstreamInput.safeParse(input);
  if (!result.success) throw new AppError("BAD_INPUT", "Check the highlighted upstream fields.", zodFieldErrors(result.error));
  return result.data;
}

function upstreamNotFound(): AppError {
  return new AppError("NOT_FOUND", "This upstream does not exist. It may have been deleted.");
}

function nameTaken(name: string): AppError {
  const message = `An upstream named ${name} already exists. Choose another name.`;
  return new AppError("CONFLICT", message, { name: [message] });
}

function inUse(hostCount: number): AppError {
  const message = hostCount === 1 ? "Used by 1 host; move it first." : `Used by ${hostCount} hosts; move them first.`;
  return new AppError("CONFLICT", message);
}

async function assertOwnShared(tx: TransactionClient, organizationId: string, id: string): Promise<void> {
  const row = await tx.upstream.findFirst({ where: { id, organizationId, private: false }, select: { id: true } });
  if (!row) throw upstreamNotFound();
}

async function assertNameFree(tx: TransactionClient, organizationId: string, name: string, exceptId?: string): Promise<void> {
  const clash = await tx.upstream.findFirst({
    where: { organizationId, name, ...(exceptId === undefined ? {} : { id: { not: exceptId } }) },
    select: { id: true },
  });
  if (clash) throw nameTaken(name);
}

/** The write of orgUpstreams().create inside the caller's transaction (an import runs many in one). */
export async function createUpstreamIn(tx: TransactionClient, organizationId: string, input: TUpstreamInputDraft): Promise<string> {
  const upstream = parseUpstreamInput(input);
  await assertNameFree(tx, organizationId, upstream.name);
  const revision = await bumpRevision(tx);
  const { id } = await tx.upstream.create({
    data: { organizationId, name: upstream.name, ...upstreamColumns(upstream), revision, targets: { create: targetRows(upstream.targets) } },
    select: { id: true },
  });
  return id;
}

/** The write of orgUpstreams().update inside the caller's transaction; NOT_FOUND for anything but an own shared upstream. */
export async function updateUpstreamIn(tx: TransactionClient, organizationId: string, id: string, input: TUpstreamInputDraft): Promise<void> {
  const upstream = parseUpstreamInput(input);
  await assertOwnShared(tx, organizationId, id);
  await assertNameFree(tx, organizationId, upstream.name, id);
  const revision = await bumpRevision(tx);
  // Replace rather than diff: targets have no identity beyond their URL.
  await tx.upstreamTarget.deleteMany({ where: { upstreamId: id, organizationId } });
  await tx.upstream.update({
    where: { id_organizationId: { id, organizationId } },
    data: { name: upstream.name, ...upstreamColumns(upstream), revision, targets: { create: targetRows(upstream.targets) } },
  });
}

async function usedBy(tx: Db | TransactionClient, organizationId: string, id: string): Promise<number> {
  return (await hostCounts(tx, organizationId, [id])).get(id) ?? 0;
}

/** Reading an organization's shared upstreams: needs no actor. */
function upstreamReads(db: Db, organizationId: string) {
  return {
    async list(): Promise<TUpstreamView[]> {
      const rows = await db.upstream.findMany({
        where: { organizationId, private: false },
        select: UPSTREAM_VIEW_SELECT,
        orderBy: [{ name: "asc" }, { id: "asc" }],
      });
      const counts = await hostCounts(db, organizationId, rows.map((row) => row.id));
      return rows.map((row) => toUpstreamView(row, counts.get(row.id) ?? 0));
    },

    async get(id: string): Promise<TUpstreamView> {
      const row = await db.upstream.findFirst({ where: { id, organizationId, private: false }, select: UPSTREAM_VIEW_SELECT });
      if (!row) throw upstreamNotFound();
      return toUpstreamView(row, await usedBy(db, organizationId, id));
    },
  };
}

/** Changing an organization's shared upstreams, each change recorded for the audit log as `actor`. */
function upstreamWrites(db: Db, organizationId: string, actor: TActor) {
  const ownKey = (id: string) => ({ id_organizationId: { id, organizationId } });

  // The check above covers this process; the unique index covers a writer in another one.
  async function withNameRaceAsConflict<T>(name: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error, "Upstream", "name")) throw nameTaken(name);
      throw error;
    }
  }

  async function readView(tx: TransactionClient, id: string): Promise<TUpstreamView> {
    const row = await tx.upstream.findUniqueOrThrow({ where: ownKey(id), select: UPSTREAM_VIEW_SELECT });
    return toUpstreamView(row, await usedBy(tx, organizationId, id));
  }

  /** The shared upstream as it is before a change, or 404 when it is not this organization's. */
  async function viewBefore(tx: TransactionClient, id: string): Promise<TUpstreamView> {
    await assertOwnShared(tx, organizationId, id);
    return readView(tx, id);
  }

  function audit(tx: TransactionClient, action: TAuditAction, before: TUpstreamView | null, after: TUpstreamView | null): Promise<void> {
    const upstream = (after ?? before)!;
    return recordAudit(tx, { organizationId, actor, action, targetKind: "upstream", targetId: upstream.id, targetLabel: upstream.name, before, after });
  }

  return {
    async create(input: TUpstreamInputDraft): Promise<TUpstreamView> {
      const upstream = parseUpstreamInput(input);
      return withNameRaceAsConflict(upstream.name, () =>
        db.$transaction(async (tx) => {
          const created = await readView(tx, await createUpstreamIn(tx, organizationId, upstream));
          await audit(tx, "upstream.create", null, created);
          return created;
        }),
      );
    },

    async update(id: string, input: TUpstreamInputDraft): Promise<TUpstreamView> {
      const upstream = parseUpstreamInput(input);
      return withNameRaceAsConflict(upstream.name, () =>
        db.$transaction(async (tx) => {
          const before = await viewBefore(tx, id);
          await updateUpstreamIn(tx, organizationId, id, upstream);
          const after = await readView(tx, id);
          await audit(tx, "upstream.update", before, after);
          return after;
        }),
      );
    },

    async remove(id: string): Promise<void> {
      await db.$transaction(async (tx) => {
        const before = await viewBefore(tx, id);
        if (before.hostCount > 0) throw inUse(before.hostCount);
        await bumpRevision(tx);
        await tx.upstream.delete({ where: ownKey(id) });
        await audit(tx, "upstream.delete", before, null);
      });
    },
  };
}

export type TOrgUpstreamsReader = ReturnType<typeof upstreamReads>;
export type TOrgUpstreams = TOrgUpstreamsReader & ReturnType<typeof upstreamWrites>;

/**
 * The organization's shared upstream pools, scoped exactly like orgHosts: another organization's
 * upstream, and any host's private upstream, answer NOT_FOUND. Reading needs no actor; changing does.
 * Each change is one transaction that bumps the config revision (even for an upstream no host uses yet:
 * the revision names the state) and records the change in the audit log.
 */
export function orgUpstreams(db: Db, organizationId: string): TOrgUpstreamsReader;
export function orgUpstreams(db: Db, organizationId: string, actor: TActor): TOrgUpstreams;
export function orgUpstreams(db: Db, organizationId: string, actor?: TActor): TOrgUpstreamsReader | TOrgUpstreams {
  if (!organizationId) throw new AppError("INTERNAL", "orgUpstreams was called without an organization id.");
  const reads = upstreamReads(db, organizationId);
  return actor === undefined ? reads : { ...reads, ...upstreamWrites(db, organizationId, actor) };
}
