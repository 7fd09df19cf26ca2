import "server-only";
import { instanceOwnerId, type TActor, type TMembershipView } from "@gatehouse/db";
import { AppError, type TPermission } from "@gatehouse/shared";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { formFields, formValues, type TFormState } from "@/lib/form-state.ts";
import { authorizeInstanceOwner, authorizeOrgMember, runAction, type TActing, type TInstanceOwner } from "./action-core.ts";
import { getDb } from "./db.ts";
import { currentActor, getMembership, getViewer, type TViewer } from "./session.ts";

type TFormAction = (previous: TFormState, formData: FormData) => Promise<TFormState>;

type TActionDefinition<TInput, TContext> = {
  schema: z.ZodType<TInput>;
  /** Shapes the form fields for the schema; defaults to the fields as a plain object. */
  read?: (formData: FormData) => unknown;
  handler: (input: TInput, context: TContext) => Promise<TFormState | void>;
};

const INTERNAL_ERROR_STATE = (values: Record<string, string>): TFormState => ({
  ok: false,
  message: "Something went wrong on the server, and nothing was saved. Try again; if it keeps failing, check the server log.",
  fieldErrors: {},
  values,
});

function formAction<TInput, TContext>(
  authorize: () => Promise<TContext>,
  definition: TActionDefinition<TInput, TContext>,
): TFormAction {
  const read = definition.read ?? formFields;
  return async (_previous, formData) => {
    const values = formValues(formData);
    try {
      return await runAction({ authorize, schema: definition.schema, input: read(formData), values, handler: definition.handler });
    } catch (error) {
      unstable_rethrow(error); // redirect() and notFound() are control flow, not failures
      console.error("Server action failed:", error);
      return INTERNAL_ERROR_STATE(values);
    }
  };
}

type TOrgFormAction = (organizationSlug: string, previous: TFormState, formData: FormData) => Promise<TFormState>;

/**
 * The one way to write a server action that touches organization data. Client components call it
 * through useOrgAction, which binds the page's organization slug as the first argument; the wrapper
 * resolves the user's membership in that organization (none: NOT_FOUND, the same answer as for an
 * organization that does not exist), checks `permission` against the shared matrix (fail closed),
 * parses the input and turns AppErrors into form state. Components never check permissions themselves.
 */
export function orgAction<TInput>(
  permission: TPermission,
  definition: TActionDefinition<TInput, TActing<TMembershipView>>,
): TOrgFormAction {
  return (organizationSlug, previous, formData) =>
    formAction(async () => {
      const viewer = await getViewer();
      // The slug comes from the client (bound by useOrgAction): anything but a string names no organization.
      const membership = viewer && typeof organizationSlug === "string" ? await getMembership(organizationSlug) : null;
      return withActor(authorizeOrgMember(viewer?.user.id ?? null, membership, permission));
    }, definition)(previous, formData);
}

/**
 * Adds who the audit log records (the session's user, the client address) to an authorized context.
 * Runs after the authorization, which has refused a request without a session.
 */
async function withActor<TContext>(context: TContext): Promise<TActing<TContext>> {
  const actor: TActor | null = await currentActor();
  if (!actor) throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again to continue.");
  return { ...context, actor };
}

/**
 * For instance-wide settings (default site, trusted proxies): the same chain, but the check is "is
 * this the instance owner", not a role in an organization.
 */
export function instanceOwnerAction<TInput>(definition: TActionDefinition<TInput, TActing<TInstanceOwner>>): TFormAction {
  return formAction(
    async () => withActor(authorizeInstanceOwner((await getViewer())?.user.id ?? null, await instanceOwnerId(getDb()))),
    definition,
  );
}

/** For the signed-in user's own account (password, sessions): any signed-in user, whatever their role. */
export function signedInAction<TInput>(definition: TActionDefinition<TInput, TViewer["user"]>): TFormAction {
  return formAction(async () => {
    const viewer = await getViewer();
    if (!viewer) throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again to continue.");
    return viewer.user;
  }, definition);
}

/** For the few actions open to anyone (setup), with the same parsing and error handling. */
export function publicAction<TInput>(definition: TActionDefinition<TInput, void>): TFormAction {
  return formAction(async () => undefined, definition);
}
