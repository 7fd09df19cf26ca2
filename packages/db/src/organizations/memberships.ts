import type { Db } from "../client.ts";

/** A user's place in one organization, as pages and actions scope to it. */
export type TMembershipView = {
  userId: string;
  organizationId: string;
  organizationSlug: string;
  organizationName: string;
  role: string;
};

/**
 * The user's membership in the organization the URL names, or null when there is no such
 * organization or the user is not in it: callers answer both with the same 404.
 */
export async function membershipBySlug(db: Db, userId: string, organizationSlug: string): Promise<TMembershipView | null> {
  const member = await db.member.findFirst({
    where: { userId, organization: { slug: organizationSlug } },
    select: { organizationId: true, role: true, organization: { select: { slug: true, name: true } } },
  });
  if (!member) return null;
  return {
    userId,
    organizationId: member.organizationId,
    organizationSlug: member.organization.slug,
    organizationName: member.organization.name,
    role: member.role,
  };
}

/** Every organization the user belongs to, oldest membership first (the switcher's order). */
export async function userMemberships(db: Db, userId: string): Promise<TMembershipView[]> {
  const members = await db.member.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { organizationId: true, role: true, organization: { select: { slug: true, name: true } } },
  });
  return members.map((member) => ({
    userId,
    organizationId: member.organizationId,
    organizationSlug: member.organization.slug,
    organizationName: member.organization.name,
    role: member.role,
  }));
}
