"use server";

import { ZCertificateUploadInput, ZSelfSignedInput } from "@gatehouse/shared";
import { refresh } from "next/cache";
import { redirect } from "next/navigation";
import { authorizedAction } from "@/server/action.ts";
import { wakeCertificateManager } from "@/server/certificate-manager.ts";
import { readSelfSignedForm, readUploadForm, ZCertificateRef } from "./certificate-form-data.ts";
import { organizationCertificates } from "./queries.ts";

// A new certificate is used by no host yet and delete is refused while a host uses it, so neither
// changes a snapshot: no proxy needs waking.

/** Each failed check comes back on the field it concerns (key, chain, certificate). */
export const uploadCertificate = authorizedAction("certificate:write", {
  schema: ZCertificateUploadInput,
  read: readUploadForm,
  handler: async (input, { organizationId }) => {
    const certificate = await organizationCertificates(organizationId).upload(input);
    redirect(`/certificates/${certificate.id}`);
  },
});

export const createSelfSignedCertificate = authorizedAction("certificate:write", {
  schema: ZSelfSignedInput,
  read: readSelfSignedForm,
  handler: async (input, { organizationId }) => {
    const certificate = await organizationCertificates(organizationId).createSelfSigned(input);
    redirect(`/certificates/${certificate.id}`);
  },
});

/** ACME certificates only: due at once, and the certificate manager is woken to order it now. */
export const renewCertificate = authorizedAction("certificate:write", {
  schema: ZCertificateRef,
  handler: async ({ id }, { organizationId }) => {
    await organizationCertificates(organizationId).requestRenewal(id);
    wakeCertificateManager();
    refresh();
    return { ok: true, message: "Renewal requested: its steps appear below as they happen." };
  },
});

export const deleteCertificate = authorizedAction("certificate:write", {
  schema: ZCertificateRef,
  handler: async ({ id }, { organizationId }) => {
    await organizationCertificates(organizationId).delete(id);
    redirect("/certificates");
  },
});
