import "server-only";
import { getAcmeSettings, getInstanceSettings } from "@gatehouse/db";
import { getDb } from "@/server/db.ts";
import { requireInstanceOwner } from "@/server/session.ts";
import { acmeFormValues, type TAcmeFormValues } from "./acme-form-data.ts";
import { settingsFormValues, type TSettingsFormValues } from "./settings-form-data.ts";

/** The instance settings and the ACME account for their forms; a 404 for anyone but the instance owner. */
export async function settingsForEdit(): Promise<{ proxy: TSettingsFormValues; acme: TAcmeFormValues }> {
  await requireInstanceOwner();
  const db = getDb();
  const [settings, acme] = await Promise.all([getInstanceSettings(db), getAcmeSettings(db)]);
  return { proxy: settingsFormValues(settings), acme: acmeFormValues(acme) };
}
