import { uncoveredDomains, type THostTlsMode } from "@gatehouse/shared";
import Link from "next/link";
import { useState } from "react";
import { CheckboxField, SelectField, TextField } from "@/components/ui/fields.tsx";
import { RadioCards, type TRadioCardOption } from "@/components/ui/radio-cards.tsx";
import type { TAcmeReadiness } from "@/features/certificates/acme-readiness.ts";
import { fieldError, groupError, type TFormState } from "@/lib/form-state.ts";
import { orgPath } from "@/lib/org-path.ts";
import { useOrgSlug } from "@/lib/use-org-action.ts";
import type { TCertificateChoice, THostTlsFormValues } from "../host-form-values.ts";

const MODES: TRadioCardOption<THostTlsMode>[] = [
  { value: "off", title: "Off", description: "HTTP only." },
  { value: "automatic", title: "Automatic", description: "A certificate from Let's Encrypt or the configured ACME CA, ordered and renewed for you." },
  { value: "certificate", title: "Use a certificate", description: "One you uploaded, or a self-signed one for internal names." },
];

const LINK = "font-medium underline underline-offset-2 hover:no-underline";

function AcmeMissing({ viewerCanConfigure }: { viewerCanConfigure: boolean }) {
  return (
    <p className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
      No ACME account is set up for this Gatehouse yet, so no certificate can be ordered. The host is saved and served over HTTP;
      the order starts once{" "}
      {viewerCanConfigure ? (
        <>
          you set the account up in{" "}
          <Link href="/settings" className={LINK}>
            Settings
          </Link>
          .
        </>
      ) : (
        "the instance owner sets the account up in Settings: ask them."
      )}
    </p>
  );
}

function CertificateChoice({ certificates, domains, initial, error }: { certificates: TCertificateChoice[]; domains: string[]; initial: string; error: string | undefined }) {
  const organizationSlug = useOrgSlug();
  if (certificates.length === 0) {
    return (
      <p className="text-sm text-zinc-600">
        Your organization has no uploaded or self-signed certificate yet.{" "}
        <Link href={orgPath(organizationSlug, "/certificates/new")} className={`${LINK} text-indigo-700`}>
          Add one
        </Link>
        , then come back to pick it.
      </p>
    );
  }
  return (
    <SelectField
      label="Certificate"
      name="tls.certificateId"
      defaultValue={initial}
      hint="Only certificates covering every domain of the host can be chosen."
      error={error}
    >
      <option value="">Choose a certificate…</option>
      {certificates.map((certificate) => {
        const missing = domains.length > 0 ? uncoveredDomains(certificate.domains, domains) : [];
        return (
          <option key={certificate.id} value={certificate.id} disabled={missing.length > 0}>
            {certificate.name} ({certificate.domains.join(", ")}){missing.length > 0 ? ` — does not cover ${missing.join(", ")}` : ""}
          </option>
        );
      })}
    </SelectField>
  );
}

type THostHttpsFieldsProps = {
  initial: THostTlsFormValues;
  certificates: TCertificateChoice[];
  /** The domains as currently typed, lowercased. */
  domains: string[];
  acme: TAcmeReadiness;
  state: TFormState;
};

/** The host's HTTPS: how it gets a certificate, then the redirect and HSTS that only make sense with one. */
export function HostHttpsFields({ initial, certificates, domains, acme, state }: THostHttpsFieldsProps) {
  const [mode, setMode] = useState(initial.mode);
  const [hsts, setHsts] = useState(initial.hstsEnabled);
  return (
    <div className="space-y-5 rounded-xl p-4 ring-1 ring-zinc-200">
      <RadioCards
        name="tls.mode"
        legend="HTTPS"
        description="Where the host's certificate comes from."
        options={MODES}
        value={mode}
        onChange={setMode}
        columns="sm:grid-cols-3"
        error={fieldError(state, "tls.mode")}
      />

      {mode === "automatic" && !acme.configured ? <AcmeMissing viewerCanConfigure={acme.viewerCanConfigure} /> : null}
      {mode === "automatic" && acme.configured ? (
        <p className="text-xs text-zinc-500">
          The CA checks each domain over HTTP (port 80) at /.well-known/acme-challenge/: every domain must point at your proxies. Wildcards need a certificate you upload.
        </p>
      ) : null}
      {mode === "certificate" ? (
        <CertificateChoice certificates={certificates} domains={domains} initial={initial.certificateId} error={fieldError(state, "tls.certificateId")} />
      ) : null}

      <fieldset disabled={mode === "off"} hidden={mode === "off"} className="min-w-0 space-y-4">
        <legend className="sr-only">HTTPS options</legend>
        <CheckboxField
          label="Redirect HTTP to HTTPS"
          name="tls.forceHttps"
          defaultChecked={initial.forceHttps}
          hint="Plain-HTTP requests get a 308 to https:// (certificate validations excepted), once the certificate is served."
          error={fieldError(state, "tls.forceHttps")}
        />
        <CheckboxField
          label="HSTS"
          name="tls.hsts.enabled"
          checked={hsts}
          onChange={(event) => setHsts(event.currentTarget.checked)}
          hint="Tells browsers to use only HTTPS for these domains for the time below. Hard to undo: browsers remember it."
        />
        <fieldset disabled={!hsts} hidden={!hsts} className="ml-7 min-w-0 space-y-4">
          <legend className="sr-only">HSTS options</legend>
          <div className="sm:w-1/2">
            <TextField
              label="Max age (seconds)"
              name="tls.hsts.maxAgeSeconds"
              type="number"
              min={0}
              defaultValue={initial.hstsMaxAgeSeconds}
              hint="31536000 is one year."
              error={fieldError(state, "tls.hsts.maxAgeSeconds")}
            />
          </div>
          <CheckboxField
            label="Include every subdomain"
            name="tls.hsts.includeSubDomains"
            defaultChecked={initial.hstsIncludeSubDomains}
            hint="Every name under these domains must serve HTTPS too."
            error={fieldError(state, "tls.hsts.includeSubDomains")}
          />
          <CheckboxField
            label="Preload"
            name="tls.hsts.preload"
            defaultChecked={initial.hstsPreload}
            hint="Asks to be built into browsers (submit at hstspreload.org). Needs subdomains included and a year or more."
            error={fieldError(state, "tls.hsts.preload")}
          />
        </fieldset>
      </fieldset>
      {groupError(state, "tls") ? <p className="text-sm text-red-700">{groupError(state, "tls")}</p> : null}
    </div>
  );
}
