"use client";

import { useState } from "react";
import { CheckboxField, TextField } from "@/components/ui/fields.tsx";
import { fieldError, type TFormState } from "@/lib/form-state.ts";
import type { TUpstreamFormValues } from "../upstream-form-values.ts";

/** Certificate verification is on by default; turning it off says plainly what that gives up. */
export function TlsFields({ initial, state }: { initial: TUpstreamFormValues["tls"]; state: TFormState }) {
  const [verify, setVerify] = useState(initial.verify);
  return (
    <div className="space-y-4">
      <CheckboxField
        label="Verify certificates"
        name="tls.verify"
        checked={verify}
        onChange={(event) => setVerify(event.target.checked)}
        hint="For https:// targets: refuse a target whose certificate is not valid for its name."
        error={fieldError(state, "tls.verify")}
      />
      {!verify ? (
        <p role="status" className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Certificates will not be checked: anyone between the proxy and these targets can read and change the traffic. Turn this off only for
          targets on a network you trust, such as a self-signed service on the same host.
        </p>
      ) : null}
      <div className="sm:w-1/2">
        <TextField
          label="Server name (SNI)"
          name="tls.serverName"
          spellCheck={false}
          autoCapitalize="none"
          placeholder="Same as the target's host"
          hint="The name sent in TLS and checked in the certificate, when it differs from the target's host."
          defaultValue={initial.serverName}
          error={fieldError(state, "tls.serverName")}
        />
      </div>
    </div>
  );
}
