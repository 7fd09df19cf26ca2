import { z } from "zod";
import { ZEmail, ZPassword } from "./account-input.ts";
import { ROLES } from "./permissions.ts";

const ZRoleChoice = z.enum(ROLES, "Choose one of the roles owner, admin, editor or viewer.");

/** How long an invitation link works unless the inviter picks otherwise. */
export const INVITATION_DEFAULT_DAYS = 7;

/**
 * Inviting someone into an organization. The role is at most the inviter's own (the server checks it:
 * an admin cannot make an owner); the link expires after `expiresInDays`.
 */
export const ZInvitationInput = z.object({
  email: ZEmail,
  role: ZRoleChoice,
  expiresInDays: z.coerce
    .number("Give the validity in days, from 1 to 30.")
    .int("Give the validity as whole days, from 1 to 30.")
    .min(1, "An invitation must work for at least 1 day.")
    .max(30, "An invitation can work for at most 30 days.")
    .default(INVITATION_DEFAULT_DAYS),
});

/** A member's new role; the same ceiling as invitations, and the last owner stays an owner. */
export const ZMemberRoleInput = z.object({ role: ZRoleChoice });

/** Signing up from an invitation link: the email is the invitation's, not typed. */
export const ZInvitationSignUpInput = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(100),
  password: ZPassword,
});

/** Signing up when the instance owner opened registration: a personal organization comes with it. */
export const ZSignUpInput = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(100),
  email: ZEmail,
  password: ZPassword,
});

/** An organization the instance owner creates (or a new user's own, named for them). */
export const ZOrganizationInput = z.object({
  name: z.string().trim().min(1, "Name the organization.").max(100, "Use at most 100 characters."),
});

export const ZPasswordResetRequestInput = z.object({ email: ZEmail });
export const ZPasswordResetInput = z.object({
  token: z.string().min(1, "This reset link is incomplete. Open the link from the email again."),
  password: ZPassword,
});

export type TInvitationInput = z.infer<typeof ZInvitationInput>;
export type TMemberRoleInput = z.infer<typeof ZMemberRoleInput>;
export type TInvitationSignUpInput = z.infer<typeof ZInvitationSignUpInput>;
export type TSignUpInput = z.infer<typeof ZSignUpInput>;
export type TOrganizationInput = z.infer<typeof ZOrganizationInput>;
export type TPasswordResetRequestInput = z.infer<typeof ZPasswordResetRequestInput>;
export type TPasswordResetInput = z.infer<typeof ZPasswordResetInput>;
