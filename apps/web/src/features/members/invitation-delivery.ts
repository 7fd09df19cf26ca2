import "server-only";
import type { TInvitationView } from "@gatehouse/db";
import { getEnv } from "@/server/env.ts";
import { sendMail } from "@/server/mail/mailer.ts";

/** What became of an invitation: its link (shown once to the inviter), and whether it went out by email. */
export type TInvitationDelivery = { link: string; emailed: boolean; emailProblem?: string };

type TInvitationMail = { invitation: Pick<TInvitationView, "email" | "role" | "organizationName" | "expiresAt">; link: string; inviterName: string };

const ARTICLE: Record<string, string> = { owner: "an owner", admin: "an admin", editor: "an editor", viewer: "a viewer" };

const formatExpiry = (date: Date) =>
  `${new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" }).format(date)} UTC`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);
}

/** The invitation email: who invites whom into what, the link, until when, and what to do if unexpected. */
export function invitationMail({ invitation, link, inviterName }: TInvitationMail): { subject: string; text: string; html: string } {
  const organization = invitation.organizationName;
  const role = ARTICLE[invitation.role] ?? invitation.role;
  const expires = formatExpiry(invitation.expiresAt);
  const subject = `${inviterName} invited you to ${organization} on Gatehouse`;
  const text = [
    `Hello,`,
    ``,
    `${inviterName} invited you to join ${organization} on Gatehouse as ${role}.`,
    ``,
    `Open this link to accept (or to create your account with ${invitation.email}):`,
    link,
    ``,
    `The link works until ${expires} and only once. If it has expired, ask ${inviterName} for a new one.`,
    ``,
    `If you did not expect this invitation, ignore this email: nothing happens unless you open the link.`,
  ].join("\n");
  const html = [
    `<p>Hello,</p>`,
    `<p>${escapeHtml(inviterName)} invited you to join <strong>${escapeHtml(organization)}</strong> on Gatehouse as ${escapeHtml(role)}.</p>`,
    `<p><a href="${escapeHtml(link)}">Accept the invitation</a> (or create your account with ${escapeHtml(invitation.email)}).</p>`,
    `<p>The link works until ${escapeHtml(expires)} and only once. If it has expired, ask ${escapeHtml(inviterName)} for a new one.</p>`,
    `<p>If you did not expect this invitation, ignore this email: nothing happens unless you open the link.</p>`,
    `<p style="color:#666;font-size:12px">If the button does not work, copy this address into your browser: ${escapeHtml(link)}</p>`,
  ].join("\n");
  return { subject, text, html };
}

/**
 * Builds the invitation's link from the public URL and emails it when outgoing mail is set up. Never
 * throws for mail problems: the invitation exists either way, and the inviter can pass the link on
 * (`emailProblem` says why the email did not go out; no SMTP at all is not a problem, just `emailed: false`).
 */
export async function deliverInvitation({
  invitation,
  token,
  inviterName,
}: {
  invitation: TInvitationMail["invitation"];
  token: string;
  inviterName: string;
}): Promise<TInvitationDelivery> {
  const link = `${getEnv().publicUrl}/invite/${encodeURIComponent(token)}`;
  try {
    const result = await sendMail({ to: invitation.email, ...invitationMail({ invitation, link, inviterName }) });
    if (result.sent) return { link, emailed: true };
    return result.reason === "not-configured" ? { link, emailed: false } : { link, emailed: false, emailProblem: result.reason };
  } catch (error) {
    console.error("Sending an invitation email failed:", error);
    return { link, emailed: false, emailProblem: "The email could not be sent (see the control plane's log). Pass the link on yourself." };
  }
}
