import "server-only";
import { instanceOwnerId, membershipBySlug, userCount, userMemberships, type TActor, type TMembershipView } from "@gatehouse/db";
import { can, type TPermission } from "@gatehouse/shared";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { clientIpOf, userActor } from "./actor.ts";
import { getAuth } from "./auth.ts";
import { getDb } from "./db.ts";

export type TViewer = {
  user: { id: string; name: string; email: string };
  /** The organization the session last worked in: where "/" and the session-authenticated REST API go. */
  activeOrganizationId: string | null;
};

/** The signed-in user and their session's active organization; once per request. */
export const getViewer = cache(async (): Promise<TViewer | null> => {
  // Request headers first: that marks the page dynamic before anything touches the data dir.
  const requestHeaders = await headers();
  const session = await getAuth().api.getSession({ headers: requestHeaders });
  if (!session) return null;
  const { user } = session;
  return {
    user: { id: user.id, name: user.name, email: user.email },
    activeOrganizationId: session.session.activeOrganizationId ?? null,
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

/** Every organization of the signed-in user (the switcher's list), oldest membership first. */
export const viewerMemberships = cache(async (): Promise<TMembershipView[]> => {
  const viewer = await getViewer();
  return viewer === null ? [] : userMemberships(getDb(), viewer.user.id);
});

/**
 * Where "/" sends a signed-in user: the session's active organization while they are still in it,
 * else their first one; null when they belong to none.
 */
export async function homeMembership(): Promise<TMembershipView | null> {
  const viewer = await getViewer();
  const memberships = await viewerMemberships();
  return memberships.find((membership) => membership.organizationId === viewer?.activeOrganizationId) ?? memberships[0] ?? null;
}

/** For signed-in pages: the viewer, sending first-time visitors to setup and signed-out visitors to sign-in. */
export async function requireViewer(): Promise<TViewer> {
  const viewer = await getViewer();
  if (!viewer) redirect((await userCount(getDb())) === 0 ? "/setup" : "/sign-in");
  return viewer;
}

/**
 * For pages under /o/[org]: the viewer and their membership there, sending first-time visitors to
 * setup and signed-out visitors to sign-in. Not a member, or missing the permission: 404, exactly like
 * an organization that does not exist.
 */
export async function requireMember(
  organizationSlug: string,
  permission?: TPermission,
): Promise<{ user: TViewer["user"]; membership: TMembershipView }> {
  const viewer = await requireViewer();
  const membership = await getMembership(organizationSlug);
  if (!membership || (permission && !can(membership.role, permission))) notFound();
  return { user: viewer.user, membership };
}

/**
 * Makes the organization a visited /o/[org] page names the session's active one, so "/" and the
 * session-authenticated REST API follow the last organization used. Done on the visit rather than in
 * the switcher, so a typed or shared /o/<slug> URL counts too. Runs during a render, where cookies
 * cannot be written: better-auth stores the active organization on the session row (no cookie cache
 * is configured), and its attempt to re-send the unchanged cookie is dropped by nextCookies.
 */
export async function rememberActiveOrganization(membership: TMembershipView): Promise<void> {
  const viewer = await getViewer();
  if (!viewer || viewer.activeOrganizationId === membership.organizationId) return;
  try {
    await getAuth().api.setActiveOrganization({ headers: await headers(), body: { organizationId: membership.organizationId } });
  } catch (error) {
    // Only "/"'s default is lost: the page itself is scoped by its URL.
    console.error("Could not set the session's active organization:", error);
  }
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
