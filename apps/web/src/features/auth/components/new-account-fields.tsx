import { TextField } from "@/components/ui/fields.tsx";
import { fieldError, submittedValue, type TFormState } from "@/lib/form-state.ts";

/**
 * Name, email and a new password: what setup, open sign-up and an invitation ask of a new account.
 * With `fixedEmail` (an invitation), the address is shown, not typed: the server uses the invitation's.
 */
export function NewAccountFields({ state, fixedEmail }: { state: TFormState; fixedEmail?: string }) {
  return (
    <>
      <TextField label="Name" name="name" autoComplete="name" required defaultValue={submittedValue(state, "name")} error={fieldError(state, "name")} />
      {fixedEmail === undefined ? (
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={submittedValue(state, "email")}
          error={fieldError(state, "email")}
        />
      ) : (
        <TextField label="Email" name="email-shown" type="email" value={fixedEmail} readOnly disabled hint="The invitation is for this address." />
      )}
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={12}
        hint="At least 12 characters. A passphrase of a few words works well."
        error={fieldError(state, "password")}
      />
    </>
  );
}
