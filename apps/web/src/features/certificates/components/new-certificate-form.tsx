"use client";

import { useState } from "react";
import { ActionForm } from "@/components/ui/action-form.tsx";
import { TextAreaField, TextField } from "@/components/ui/fields.tsx";
import { FormAlert } from "@/components/ui/form-alert.tsx";
import { FormFooter } from "@/components/ui/form-footer.tsx";
import { RadioCards } from "@/components/ui/radio-cards.tsx";
import { fieldError, INITIAL_FORM_STATE } from "@/lib/form-state.ts";
import { orgPath } from "@/lib/org-path.ts";
import { useOrgAction, useOrgSlug } from "@/lib/use-org-action.ts";
import { createSelfSignedCertificate, uploadCertificate } from "../actions.ts";
import { PemField } from "./pem-field.tsx";

const KINDS = [
  { value: "upload", title: "Upload a certificate", description: "One your CA issued: the certificate, its chain and the private key." },
  { value: "self-signed", title: "Self-signed", description: "For internal names no public CA signs. Browsers warn unless you trust it." },
] as const;

function UploadForm() {
  const [state, formAction, pending] = useOrgAction(uploadCertificate, INITIAL_FORM_STATE);
  const organizationSlug = useOrgSlug();
  return (
    <ActionForm action={formAction} className="space-y-6">
      <FormAlert state={state} />
      <TextField label="Name" name="name" placeholder="Taken from the certificate's first name" hint="Optional: how the certificate is listed." error={fieldError(state, "name")} />
      <PemField
        label="Certificate"
        name="certificatePem"
        required
        placeholder="-----BEGIN CERTIFICATE-----"
        hint="The server certificate (leaf), PEM."
        error={fieldError(state, "certificatePem")}
      />
      <PemField
        label="Chain"
        name="chainPem"
        placeholder="-----BEGIN CERTIFICATE-----"
        hint="Intermediate certificates, the one that issued yours first. Leave empty if the CA gave none."
        error={fieldError(state, "chainPem")}
      />
      <PemField
        label="Private key"
        name="privateKeyPem"
        required
        placeholder="-----BEGIN PRIVATE KEY-----"
        hint="Unencrypted PEM. Stored encrypted, never shown again."
        error={fieldError(state, "privateKeyPem")}
      />
      <FormFooter submitLabel="Upload certificate" cancelHref={orgPath(organizationSlug, "/certificates")} pending={pending} state={state} />
    </ActionForm>
  );
}

function SelfSignedForm() {
  const [state, formAction, pending] = useOrgAction(createSelfSignedCertificate, INITIAL_FORM_STATE);
  const organizationSlug = useOrgSlug();
  return (
    <ActionForm action={formAction} className="space-y-6">
      <FormAlert state={state} />
      <TextAreaField
        label="Names"
        name="domains"
        rows={3}
        required
        spellCheck={false}
        autoCapitalize="none"
        placeholder={"intranet.example.lan\n*.intranet.example.lan"}
        hint="One per line, or separated by commas. *.example.lan covers one more label."
        error={fieldError(state, "domains")}
      />
      <div className="sm:w-1/3">
        <TextField label="Valid for (days)" name="validityDays" type="number" min={1} max={3650} defaultValue="365" error={fieldError(state, "validityDays")} />
      </div>
      <FormFooter submitLabel="Create certificate" cancelHref={orgPath(organizationSlug, "/certificates")} pending={pending} state={state} />
    </ActionForm>
  );
}

/** Upload a certificate or make a self-signed one; each kind posts its own form. */
export function NewCertificateForm() {
  const [kind, setKind] = useState<(typeof KINDS)[number]["value"]>("upload");
  return (
    <div className="space-y-8">
      <RadioCards name="kind" legend="Kind" options={KINDS} value={kind} onChange={setKind} columns="sm:grid-cols-2" />
      {kind === "upload" ? <UploadForm /> : <SelfSignedForm />}
    </div>
  );
}
