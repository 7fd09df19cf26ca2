import "server-only";
import { instanceOwnerId, membershipBySlug, userCount, type TActor, type TMembershipView } from "@gatehouse/db";
import { can, type TPermission } from "@gatehouse/shared";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import type { TMembership } from "./action-core.ts";
import { clientIpOf, userActor } from "./actor.ts";
import { getAuth } from "./auth.ts";
import { getDb } from "./db.ts";

export type TViewer = {
  user: { id: string; name: string; email: string };
  membership: (TMembership & { organizationName: string }) | null;
};

/** The signed-in user and their membership in the session's active organization; once per request. */
export const getViewer = cache(async (): Promise<TViewer | null> => {
  // Request headers first: that marks the page dynamic before anything touches the data dir.
  const requestHeaders = await headers();
  const session = await getAuth().api.getSession({ headers: requestHeaders });
  if (!session) return null;
  const { user } = session;
  const activeOrganizationId = session.session.activeOrganizationId;
  const member = activeOrganizationId
    ? await getDb().member.findFirst({
        where: { userId: user.id, organizationId: activeOrganizationId },
        select: { organizationId: true, role: true, organization: { select: { name: true } } },
      })
    : null;
  return {
    user: { id: user.id, name: user.name, email: user.email },
    membership: member
      ? { userId: user.id, organizationId: member.organizationId, role: member.role, organizationName: member.organization.name }
      : null,
  };
});

/** For actions: who the audit log records as making this request's changes, or null when signed out. */
export async function currentActor(): Promise<TActor | null> {
  const viewer = await getViewer();
  return viewer === null ? null : userActor(viewer.user, clientIpOf(await headers()));
}

/** The signed-in user's membership in the organization a URL names; null for no such org or no session. */
export const getMembership = cache(async (organizationSlug: string): Promise<TMembershipView | null> => {
  const viewer = await getViewer();
  return viewer === null ? null : membershipBySlug(getDb(), viewer.user.id, organizationSlug);
});

/**
 * For pages under /o/[org]: the viewer and their membership there, sending first-time visitors to
 * setup and signed-out visitors to sign-in. Not a member, or missing the permission: 404, exactly like
 * an organization that does not exist.
 */
export async function requireMember(
  organizationSlug: string,
  permission?: TPermission,
): Promise<{ user: TViewer["user"]; membership: TMembershipView }> {
  const viewer = await getViewer();
  if (!viewer) redirect((await userCount(getDb())) === 0 ? "/setup" : "/sign-in");
  const membership = await getMembership(organizationSlug);
  if (!membership || (permission && !can(membership.role, permission))) notFound();
  return { user: viewer.user, membership };
}

/** For actions: the acting membership, or null when signed out or outside any organization. */
export async function currentMembership(): Promise<TMembership | null> {
  return (await getViewer())?.membership ?? null;
}

/**
 * For pages: the viewer, sending first-time visitors to setup and signed-out visitors to sign-in.
 * A missing permission answers 404, like a resource of another organization.
 */
export async function requireViewer(permission?: TPermission): Promise<TViewer & { membership: NonNullable<TViewer["membership"]> }> {
  const viewer = await getViewer();
  if (!viewer) redirect((await userCount(getDb())) === 0 ? "/setup" : "/sign-in");
  const { membership } = viewer;
  if (!membership || (permission && !can(membership.role, permission))) notFound();
  return { ...viewer, membership };
}

/** Whether the signed-in user is the instance owner (shows the Settings link); once per request. */
export const viewerIsInstanceOwner = cache(async (): Promise<boolean> => {
  const viewer = await getViewer();
  return viewer !== null && viewer.user.id === (await instanceOwnerId(getDb()));
});

/** For instance-settings pages: anyone but the instance owner gets a 404, as for a page that does not exist. */
export async function requireInstanceOwner(): Promise<TViewer> {
  const viewer = await requireViewer();
  if (!(await viewerIsInstanceOwner())) notFound();
  return viewer;
}
