"use server";

import { updateAcmeSettings, updateInstanceSettings } from "@gatehouse/db";
import { ZAcmeSettingsInput, ZInstanceSettingsInput } from "@gatehouse/shared";
import { refresh } from "next/cache";
import { instanceOwnerAction } from "@/server/action.ts";
import { wakeCertificateManager } from "@/server/certificate-manager.ts";
import { notifyConfigChanged } from "@/server/config-changes.ts";
import { getDb } from "@/server/db.ts";
import { getSecretBox } from "@/server/secret-box.ts";
import { readAcmeForm } from "./acme-form-data.ts";
import { readSettingsForm } from "./settings-form-data.ts";

export const saveInstanceSettings = instanceOwnerAction({
  schema: ZInstanceSettingsInput,
  read: readSettingsForm,
  handler: async (input, { actor }) => {
    await updateInstanceSettings(getDb(), input, actor);
    notifyConfigChanged();
    refresh();
    return { ok: true, message: "Saved. Proxies apply the new settings within a second." };
  },
});

/** Certificates waiting for an account (or failing on the old CA) are ordered at once with the new one. */
export const saveAcmeSettings = instanceOwnerAction({
  schema: ZAcmeSettingsInput,
  read: readAcmeForm,
  handler: async (input, { actor }) => {
    await updateAcmeSettings(getDb(), getSecretBox(), input, actor);
    wakeCertificateManager();
    refresh();
    return { ok: true, message: "Saved. Waiting certificates are ordered with this account now." };
  },
});
