"use server";

import { acceptInvitation, invitationByToken } from "@gatehouse/db";
import { AppError, ZInvitationSignUpInput } from "@gatehouse/shared";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { orgPath } from "@/lib/org-path.ts";
import { publicAction, signedInAction } from "@/server/action.ts";
import { clientIpOf, userActor } from "@/server/actor.ts";
import { getAuth } from "@/server/auth.ts";
import { getDb } from "@/server/db.ts";
import { createAccount, signInNewAccount } from "@/features/auth/sign-up.ts";

const ZToken = z.object({ token: z.string().min(1).max(200) });

const NOT_OPEN = "This invitation can no longer be used. Reload the page to see why.";

/** The pending invitation behind a link, or the refusal the form shows. */
async function openInvitation(token: string) {
  const invitation = await invitationByToken(getDb(), token);
  if (!invitation || invitation.status !== "pending") throw new AppError("CONFLICT", NOT_OPEN);
  return invitation;
}

/** The signed-in user joins with the invitation made out to their email, and lands in the organization. */
export const acceptInvitationAction = signedInAction({
  schema: ZToken,
  handler: async ({ token }, user) => {
    const actor = userActor(user, clientIpOf(await headers()));
    const membership = await acceptInvitation(getDb(), token, { id: user.id, email: user.email }, actor);
    redirect(orgPath(membership.organizationSlug, "/hosts"));
  },
});

/**
 * Creates the account for the invited email (better-auth's hook lets it through because a pending
 * invitation names that email), joins the organization and signs in. Runs on the server, so the
 * email is the invitation's and cannot be swapped by the browser.
 */
export const signUpWithInvitationAction = publicAction({
  schema: ZInvitationSignUpInput.extend(ZToken.shape),
  handler: async ({ token, name, password }) => {
    const { email, organizationSlug } = await openInvitation(token);
    const userId = await createAccount({ name, email, password });
    await acceptInvitation(getDb(), token, { id: userId, email }, userActor({ id: userId, name, email }, clientIpOf(await headers())));
    await signInNewAccount({ email, password });
    redirect(orgPath(organizationSlug, "/hosts"));
  },
});

/** Signs out and comes back to the invitation, so the right account can open it. */
export const signOutToInvitationAction = publicAction({
  schema: ZToken,
  handler: async ({ token }) => {
    await getAuth().api.signOut({ headers: await headers() });
    redirect(`/invite/${encodeURIComponent(token)}`);
  },
});
