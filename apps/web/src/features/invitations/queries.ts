import "server-only";
import { invitationByToken } from "@gatehouse/db";
import { getDb } from "@/server/db.ts";
import { getViewer } from "@/server/session.ts";

/** What the invitation link leads to. */
export type TInvitationPage =
  | { kind: "unknown" }
  | { kind: "accepted" | "revoked" | "expired"; organizationName: string }
  | {
      kind: "join" | "other-account" | "sign-in" | "sign-up";
      email: string;
      role: string;
      organizationName: string;
      inviterName: string;
      /** The signed-in user's email (other-account only). */
      signedInAs?: string;
    };

/**
 * The state of an invitation link for whoever opens it. Unknown tokens (mistyped, replaced by a resend)
 * say nothing about any organization; used, revoked and expired ones name it, so the reader knows whom
 * to ask for a new one.
 */
export async function invitationPage(token: string): Promise<TInvitationPage> {
  const db = getDb();
  const invitation = await invitationByToken(db, token);
  if (!invitation) return { kind: "unknown" };
  const { status, organizationName } = invitation;
  if (status !== "pending") return { kind: status, organizationName };
  const common = { email: invitation.email, role: invitation.role, organizationName, inviterName: invitation.inviterName };
  const viewer = await getViewer();
  if (viewer) {
    return viewer.user.email.toLowerCase() === invitation.email.toLowerCase()
      ? { kind: "join", ...common }
      : { kind: "other-account", ...common, signedInAs: viewer.user.email };
  }
  const account = await db.user.findFirst({ where: { email: invitation.email.toLowerCase() }, select: { id: true } });
  return { kind: account ? "sign-in" : "sign-up", ...common };
}
