import { AppError, ZOrganizationInput, zodFieldErrors, type TOrganizationInput } from "@gatehouse/shared";
import type { z } from "zod";
import type { TActor } from "../audit/actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Db } from "../client.ts";
import { isUniqueViolation } from "../prisma-errors.ts";
import type { TMembershipView } from "./memberships.ts";
import { firstFreeSlug, organizationSlug } from "./organization-slug.ts";
import { generateRowId } from "./row-id.ts";

// Within one process the transaction below is serialized; another web replica can still take the
// same slug between our read and our insert, which the unique index turns into a retry.
const SLUG_ATTEMPTS = 3;

/**
 * Creates an organization with `ownerUserId` as its owner, in one transaction with its audit entry
 * (recorded in the new organization's log). The slug comes from the name, with -2, -3, ... appended
 * when another organization has it. Who may create organizations is the caller's decision.
 */
export async function createOrganization(
  db: Db,
  input: z.input<typeof ZOrganizationInput>,
  ownerUserId: string,
  actor: TActor,
): Promise<TMembershipView> {
  const parsed = ZOrganizationInput.safeParse(input);
  if (!parsed.success) throw new AppError("BAD_INPUT", "Check the organization's name.", zodFieldErrors(parsed.error));
  const { name }: TOrganizationInput = parsed.data;
  const base = organizationSlug(name);

  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(async (tx) => {
        const owner = await tx.user.findUnique({ where: { id: ownerUserId }, select: { id: true } });
        if (!owner) throw new AppError("NOT_FOUND", "The user who should own this organization does not exist.");
        const similar = await tx.organization.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } });
        const slug = firstFreeSlug(base, new Set(similar.map((organization) => organization.slug)));
        const now = new Date();
        const organization = await tx.organization.create({ data: { id: generateRowId(), name, slug, createdAt: now }, select: { id: true, name: true, slug: true } });
        await tx.member.create({ data: { id: generateRowId(), organizationId: organization.id, userId: ownerUserId, role: "owner", createdAt: now } });
        await recordAudit(tx, {
          organizationId: organization.id,
          actor,
          action: "organization.create",
          targetKind: "organization",
          targetId: organization.id,
          targetLabel: name,
          after: { ...organization, ownerUserId },
        });
        return { userId: ownerUserId, organizationId: organization.id, organizationSlug: slug, organizationName: name, role: "owner" };
      });
    } catch (error) {
      if (attempt < SLUG_ATTEMPTS && isUniqueViolation(error, "Organization", "slug")) continue;
      throw error;
    }
  }
}
