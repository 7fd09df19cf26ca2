"use client";

import { SMTP_SECURITY } from "@gatehouse/shared";
import { useActionState } from "react";
import { ActionForm } from "@/components/ui/action-form.tsx";
import { SelectField, TextField } from "@/components/ui/fields.tsx";
import { FormAlert } from "@/components/ui/form-alert.tsx";
import { FormFooter } from "@/components/ui/form-footer.tsx";
import { fieldError, INITIAL_FORM_STATE, submittedValue } from "@/lib/form-state.ts";
import { saveSmtpSettings } from "../instance-access-actions.ts";
import { SECURITY_LABELS, type TSmtpFormValues } from "../instance-access-form-data.ts";

/** The SMTP server invitations and reset links go out through. An empty host turns email off. */
export function SmtpSettingsForm({ initial }: { initial: TSmtpFormValues }) {
  const [state, formAction, pending] = useActionState(saveSmtpSettings, INITIAL_FORM_STATE);
  const value = (field: keyof Omit<TSmtpFormValues, "hasPassword">) => submittedValue(state, `smtp.${field}`, initial[field]);
  return (
    <ActionForm action={formAction} className="space-y-5">
      <FormAlert state={state} />
      <div className="grid gap-4 sm:grid-cols-3">
        <div className="sm:col-span-2">
          <TextField
            label="SMTP host"
            name="smtp.host"
            spellCheck={false}
            autoCapitalize="none"
            placeholder="smtp.example.com"
            defaultValue={value("host")}
            hint="Leave empty to turn email off."
            error={fieldError(state, "smtp.host")}
          />
        </div>
        <TextField label="Port" name="smtp.port" inputMode="numeric" defaultValue={value("port")} error={fieldError(state, "smtp.port")} />
      </div>
      <SelectField label="Encryption" name="smtp.security" defaultValue={value("security")} error={fieldError(state, "smtp.security")}>
        {SMTP_SECURITY.map((security) => (
          <option key={security} value={security}>
            {SECURITY_LABELS[security]}
          </option>
        ))}
      </SelectField>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="User name"
          name="smtp.username"
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="none"
          defaultValue={value("username")}
          hint="Empty for a server that needs no sign-in."
          error={fieldError(state, "smtp.username")}
        />
        <TextField
          label="Password"
          name="smtp.password"
          type="password"
          autoComplete="new-password"
          placeholder={initial.hasPassword ? "Stored (leave empty to keep it)" : ""}
          hint={initial.hasPassword ? "A password is stored and never shown. Leave empty to keep it, or type a new one." : "Stored encrypted and never shown again."}
          error={fieldError(state, "smtp.password")}
        />
      </div>
      <div className="sm:w-2/3">
        <TextField
          label="From address"
          name="smtp.from"
          type="email"
          autoComplete="off"
          placeholder="gatehouse@example.com"
          defaultValue={value("from")}
          hint="Emails come from “Gatehouse <this address>”. Many providers only send from addresses you verified with them."
          error={fieldError(state, "smtp.from")}
        />
      </div>
      <FormFooter submitLabel="Save email settings" pending={pending} state={state} />
    </ActionForm>
  );
}
