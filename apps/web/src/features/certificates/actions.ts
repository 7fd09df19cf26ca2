"use server";

import { orgCertificates, type TActor } from "@gatehouse/db";
import { ZCertificateUploadInput, ZSelfSignedInput } from "@gatehouse/shared";
import { refresh } from "next/cache";
import { redirect } from "next/navigation";
import { orgPath } from "@/lib/org-path.ts";
import { orgAction } from "@/server/action.ts";
import { wakeCertificateManager } from "@/server/certificate-manager.ts";
import { getDb } from "@/server/db.ts";
import { getSecretBox } from "@/server/secret-box.ts";
import { readSelfSignedForm, readUploadForm, ZCertificateRef } from "./certificate-form-data.ts";

// A new certificate is used by no host yet and delete is refused while a host uses it, so neither
// changes a snapshot: no proxy needs waking.

const certificateWrites = (organizationId: string, actor: TActor) => orgCertificates(getDb(), organizationId, getSecretBox(), actor);

/** Each failed check comes back on the field it concerns (key, chain, certificate). */
export const uploadCertificate = orgAction("certificate:write", {
  schema: ZCertificateUploadInput,
  read: readUploadForm,
  handler: async (input, { organizationId, organizationSlug, actor }) => {
    const certificate = await certificateWrites(organizationId, actor).upload(input);
    redirect(orgPath(organizationSlug, `/certificates/${certificate.id}`));
  },
});

export const createSelfSignedCertificate = orgAction("certificate:write", {
  schema: ZSelfSignedInput,
  read: readSelfSignedForm,
  handler: async (input, { organizationId, organizationSlug, actor }) => {
    const certificate = await certificateWrites(organizationId, actor).createSelfSigned(input);
    redirect(orgPath(organizationSlug, `/certificates/${certificate.id}`));
  },
});

/** ACME certificates only: due at once, and the certificate manager is woken to order it now. */
export const renewCertificate = orgAction("certificate:write", {
  schema: ZCertificateRef,
  handler: async ({ id }, { organizationId, actor }) => {
    await certificateWrites(organizationId, actor).requestRenewal(id);
    wakeCertificateManager();
    refresh();
    return { ok: true, message: "Renewal requested: its steps appear below as they happen." };
  },
});

export const deleteCertificate = orgAction("certificate:write", {
  schema: ZCertificateRef,
  handler: async ({ id }, { organizationId, organizationSlug, actor }) => {
    await certificateWrites(organizationId, actor).delete(id);
    redirect(orgPath(organizationSlug, "/certificates"));
  },
});
