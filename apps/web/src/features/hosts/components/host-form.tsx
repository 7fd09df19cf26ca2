"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Button, buttonClasses } from "@/components/ui/button.tsx";
import { CheckboxField, TextAreaField, TextField } from "@/components/ui/fields.tsx";
import { FormAlert } from "@/components/ui/form-alert.tsx";
import { fieldError, INITIAL_FORM_STATE, submittedValue } from "@/lib/form-state.ts";
import { createHost, updateHost } from "../actions.ts";

type THostFormHost = { id: string; domains: string[]; backendUrl: string; enabled: boolean };

/** Adds a host, or edits `host` when given. */
export function HostForm({ host }: { host?: THostFormHost }) {
  const [state, formAction, pending] = useActionState(host ? updateHost : createHost, INITIAL_FORM_STATE);
  const enabled = state.ok ? (host?.enabled ?? true) : state.values.enabled === "on";

  return (
    <form action={formAction} className="space-y-6" noValidate>
      <FormAlert state={state} />
      {host ? <input type="hidden" name="id" value={host.id} /> : null}
      <TextAreaField
        label="Domains"
        name="domains"
        rows={4}
        required
        spellCheck={false}
        autoCapitalize="none"
        placeholder={"app.example.com\nwww.example.com"}
        hint="One per line, or separated by commas. Requests for these names go to the backend below."
        defaultValue={submittedValue(state, "domains", host?.domains.join("\n") ?? "")}
        error={fieldError(state, "domains")}
      />
      <TextField
        label="Backend URL"
        name="backendUrl"
        type="url"
        required
        spellCheck={false}
        autoCapitalize="none"
        placeholder="http://10.0.0.5:8080"
        hint="Scheme, host and port of the service behind these domains."
        defaultValue={submittedValue(state, "backendUrl", host?.backendUrl ?? "")}
        error={fieldError(state, "backendUrl")}
      />
      <CheckboxField
        // Remounts when a failed submission changes it, since defaultChecked only applies on mount.
        key={String(enabled)}
        label="Enabled"
        name="enabled"
        defaultChecked={enabled}
        hint="When off, proxies stop serving these domains but the host is kept."
        error={fieldError(state, "enabled")}
      />
      <div className="flex items-center gap-3 border-t border-zinc-200 pt-5">
        <Button type="submit" disabled={pending}>
          {host ? "Save" : "Add host"}
        </Button>
        <Link href="/hosts" className={buttonClasses("ghost")}>
          Cancel
        </Link>
        {pending ? (
          <span className="text-sm text-zinc-500" role="status">
            Saving…
          </span>
        ) : null}
      </div>
    </form>
  );
}
