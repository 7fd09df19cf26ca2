import { createHash, randomBytes } from "node:crypto";
import { AppError, roleWithin, ZApiTokenInput, zodFieldErrors, type TApiTokenInput, type TRole } from "@gatehouse/shared";
import type { z } from "zod";
import type { TActor } from "../audit/actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Db } from "../client.ts";
import type { Prisma } from "../generated/prisma/client.ts";

const TOKEN_PREFIX = "gh_";
/** How much of the token lists show: enough to tell tokens apart, far too little to guess the rest. */
const SHOWN_PREFIX_LENGTH = TOKEN_PREFIX.length + 6;
/** lastUsedAt is a hint for people, not a log: one write a minute per token at most. */
const LAST_USED_RESOLUTION_MS = 60_000;

export type TApiTokenStatus = "active" | "expired" | "revoked";

/** A token as lists show it: never its value or hash. */
export type TApiTokenView = {
  id: string;
  name: string;
  role: string;
  prefix: string;
  createdBy: { id: string; name: string; email: string } | null;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  status: TApiTokenStatus;
};

/** Who a valid token acts as. */
export type TApiTokenIdentity = { id: string; organizationId: string; role: string; name: string; createdByUserId: string | null };

export type TApiTokenCreation = z.input<typeof ZApiTokenInput> & { createdByUserId: string; creatorRole: string };

const VIEW_SELECT = {
  id: true,
  name: true,
  role: true,
  prefix: true,
  createdByUserId: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
} satisfies Prisma.ApiTokenSelect;

// Tokens are 32 random bytes, so a plain sha256 suffices (no salt or slow hash) and allows lookup by hash.
function hashApiToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function statusAt(token: { expiresAt: Date | null; revokedAt: Date | null }, now: Date): TApiTokenStatus {
  if (token.revokedAt) return "revoked";
  if (token.expiresAt && token.expiresAt <= now) return "expired";
  return "active";
}

function parseTokenInput(input: z.input<typeof ZApiTokenInput>): TApiTokenInput {
  const result = ZApiTokenInput.safeParse(input);
  if (!result.success) throw new AppError("BAD_INPUT", "Check the highlighted token fields.", zodFieldErrors(result.error));
  return result.data;
}

async function toViews(db: Db, rows: Prisma.ApiTokenGetPayload<{ select: typeof VIEW_SELECT }>[], now: Date): Promise<TApiTokenView[]> {
  const creatorIds = [...new Set(rows.flatMap(({ createdByUserId }) => (createdByUserId ? [createdByUserId] : [])))];
  const creators = creatorIds.length === 0 ? [] : await db.user.findMany({ where: { id: { in: creatorIds } }, select: { id: true, name: true, email: true } });
  const creatorById = new Map(creators.map((creator) => [creator.id, creator]));
  return rows.map(({ createdByUserId, ...row }) => ({
    ...row,
    createdBy: createdByUserId ? (creatorById.get(createdByUserId) ?? null) : null,
    status: statusAt(row, now),
  }));
}

/**
 * Makes a token for the organization and returns its value, the only time it exists outside the
 * caller: the database keeps its sha256 and its first characters. A token's role is at most its
 * creator's, so a token never lets anyone do more than they could themselves.
 */
export async function createApiToken(
  db: Db,
  organizationId: string,
  request: TApiTokenCreation,
  actor: TActor,
): Promise<{ token: string; view: TApiTokenView }> {
  const { createdByUserId, creatorRole, ...input } = request;
  const parsed = parseTokenInput(input);
  if (!roleWithin(parsed.role, creatorRole)) {
    throw new AppError("FORBIDDEN", `Your role (${creatorRole}) cannot make a token with the ${parsed.role} role; choose your own role or a lower one.`);
  }
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const row = await db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: {
        organizationId,
        name: parsed.name,
        role: parsed.role satisfies TRole,
        prefix: token.slice(0, SHOWN_PREFIX_LENGTH),
        tokenHash: hashApiToken(token),
        createdByUserId,
        expiresAt: parsed.expiresAt ?? null,
      },
      select: VIEW_SELECT,
    });
    // The entry names the token by name, role and prefix: never the token itself.
    const { name, role, prefix, expiresAt } = created;
    await recordAudit(tx, { organizationId, actor, action: "api-token.create", targetKind: "api-token", targetId: created.id, targetLabel: name, after: { name, role, prefix, expiresAt } });
    return created;
  });
  const [view] = await toViews(db, [row], new Date());
  return { token, view: view! };
}

/** The organization's tokens, newest first, revoked and expired ones included (marked by status). */
export async function listApiTokens(db: Db, organizationId: string, now: Date = new Date()): Promise<TApiTokenView[]> {
  if (!organizationId) throw new AppError("INTERNAL", "listApiTokens was called without an organization id.");
  const rows = await db.apiToken.findMany({ where: { organizationId }, select: VIEW_SELECT, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  return toViews(db, rows, now);
}

/** Revokes one of the organization's tokens (kept, marked revoked); another organization's id is NOT_FOUND. */
export async function revokeApiToken(db: Db, organizationId: string, id: string, actor: TActor): Promise<void> {
  if (!organizationId) throw new AppError("INTERNAL", "revokeApiToken was called without an organization id.");
  await db.$transaction(async (tx) => {
    const token = await tx.apiToken.findUnique({ where: { id_organizationId: { id, organizationId } }, select: { name: true, revokedAt: true } });
    if (!token) throw new AppError("NOT_FOUND", "This API token does not exist. It may have been deleted.");
    if (token.revokedAt !== null) return;
    await tx.apiToken.update({ where: { id_organizationId: { id, organizationId } }, data: { revokedAt: new Date() } });
    await recordAudit(tx, { organizationId, actor, action: "api-token.revoke", targetKind: "api-token", targetId: id, targetLabel: token.name });
  });
}

/** Who the token acts as, or null when it is unknown, revoked, expired or its creator left; notes its use (at most once a minute). */
export async function authenticateApiToken(db: Db, token: string, now: Date = new Date()): Promise<TApiTokenIdentity | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashApiToken(token) },
    select: { id: true, organizationId: true, role: true, name: true, createdByUserId: true, expiresAt: true, revokedAt: true, lastUsedAt: true },
  });
  if (!row || statusAt(row, now) !== "active") return null;
  // A token never outranks the member who made it: it acts with the lower of its role and theirs
  // today, and stops working when they leave the organization.
  const creator = row.createdByUserId
    ? await db.member.findFirst({ where: { userId: row.createdByUserId, organizationId: row.organizationId }, select: { role: true } })
    : null;
  if (!creator) return null;
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!row.lastUsedAt || row.lastUsedAt < staleBefore) {
    // updateMany: a token revoked meanwhile is not an error worth a 500, and the condition keeps concurrent requests to one write.
    await db.apiToken.updateMany({ where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] }, data: { lastUsedAt: now } });
  }
  const { id, organizationId, name, createdByUserId } = row;
  return { id, organizationId, role: roleWithin(row.role, creator.role) ? row.role : creator.role, name, createdByUserId };
}
