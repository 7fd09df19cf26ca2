import type { TActor } from "@gatehouse/db";
import { AppError, can, isAppError, type TPermission } from "@gatehouse/shared";
import type { z } from "zod";
import { formFieldErrors } from "@/lib/form-errors.ts";
import type { TFormState } from "@/lib/form-state.ts";
import { friendlyIssueMessage } from "@/lib/issue-messages.ts";

/** Who is acting: the signed-in user and their role in the organization the request names. */
export type TMembership = { userId: string; organizationId: string; role: string };

/** What a handler that changes something gets besides who is allowed: how the audit log records them. */
export type TActing<TContext> = TContext & { actor: TActor };

/**
 * Fails closed. No session: UNAUTHENTICATED. No membership in the organization the request names
 * (it does not exist, or the user is not in it): NOT_FOUND, one answer for both so nothing leaks. A
 * role without the permission, or outside the matrix: FORBIDDEN (the member knows the organization).
 */
export function authorizeOrgMember<TContext extends TMembership>(
  userId: string | null,
  membership: TContext | null,
  permission: TPermission,
): TContext {
  if (!userId) throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again to continue.");
  if (!membership || membership.userId !== userId) {
    throw new AppError("NOT_FOUND", "This organization does not exist, or you are not a member of it.");
  }
  if (!can(membership.role, permission)) {
    throw new AppError("FORBIDDEN", "Your role in this organization does not allow this. Ask an owner or admin.");
  }
  return membership;
}

/** Who is acting on instance-wide settings: the instance owner, whatever their organization role. */
export type TInstanceOwner = { userId: string };

/** Only the instance owner (the first user) may change what applies to every organization. */
export function authorizeInstanceOwner(userId: string | null, instanceOwnerId: string | null): TInstanceOwner {
  if (!userId) throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again to continue.");
  if (userId !== instanceOwnerId) throw new AppError("FORBIDDEN", "Only the instance owner can change instance settings.");
  return { userId };
}

export type TActionRun<TInput, TContext> = {
  /** Resolves who acts, or throws an AppError (runs first: nothing is parsed for someone refused). */
  authorize: () => Promise<TContext>;
  schema: z.ZodType<TInput>;
  /** The raw input shaped for the schema (e.g. a textarea split into a list). */
  input: unknown;
  /** What the user typed, echoed back on failure so the form keeps it. */
  values: Record<string, string>;
  handler: (input: TInput, context: TContext) => Promise<TFormState | void>;
};

/**
 * The framework-free core of every server action: authorize, parse, run. AppErrors (ours, including
 * zod failures turned into BAD_INPUT) become a failed form state; anything else propagates, so Next's
 * redirect/notFound signals and real bugs are not swallowed here.
 */
export async function runAction<TInput, TContext>(run: TActionRun<TInput, TContext>): Promise<TFormState> {
  try {
    const context = await run.authorize();
    const parsed = run.schema.safeParse(run.input, { error: friendlyIssueMessage });
    if (!parsed.success) {
      throw new AppError("BAD_INPUT", "Some fields need attention.", formFieldErrors(parsed.error));
    }
    return (await run.handler(parsed.data, context)) ?? { ok: true };
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { ok: false, message: error.message, fieldErrors: error.fieldErrors ?? {}, values: run.values };
  }
}
