"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { FormAlert } from "@/components/ui/form-alert.tsx";
import { INITIAL_FORM_STATE } from "@/lib/form-state.ts";
import { NewAccountFields } from "@/features/auth/components/new-account-fields.tsx";
import { acceptInvitationAction, signOutToInvitationAction, signUpWithInvitationAction } from "../actions.ts";

/** Signed in as the invited email: one button joins. */
export function JoinForm({ token, organizationName }: { token: string; organizationName: string }) {
  const [state, formAction, pending] = useActionState(acceptInvitationAction, INITIAL_FORM_STATE);
  return (
    <form action={formAction} className="space-y-4">
      <FormAlert state={state} />
      <input type="hidden" name="token" value={token} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Joining…" : `Join ${organizationName}`}
      </Button>
    </form>
  );
}

/** Signed in as someone else: sign out, then come back to this page. */
export function SignOutToInvitationForm({ token }: { token: string }) {
  const [state, formAction, pending] = useActionState(signOutToInvitationAction, INITIAL_FORM_STATE);
  return (
    <form action={formAction} className="space-y-4">
      <FormAlert state={state} />
      <input type="hidden" name="token" value={token} />
      <Button type="submit" variant="secondary" className="w-full" disabled={pending}>
        Sign out
      </Button>
    </form>
  );
}

/** No account yet for the invited email: name and password create it, join and sign in at once. */
export function InvitationSignUpForm({ token, email }: { token: string; email: string }) {
  const [state, formAction, pending] = useActionState(signUpWithInvitationAction, INITIAL_FORM_STATE);
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <FormAlert state={state} />
      <input type="hidden" name="token" value={token} />
      <NewAccountFields state={state} fixedEmail={email} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating account…" : "Create account and join"}
      </Button>
    </form>
  );
}
