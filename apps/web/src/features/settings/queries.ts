import "server-only";
import { getInstanceSettings } from "@gatehouse/db";
import { getDb } from "@/server/db.ts";
import { requireInstanceOwner } from "@/server/session.ts";
import { settingsFormValues, type TSettingsFormValues } from "./settings-form-data.ts";

/** The instance settings for their form; a 404 for anyone but the instance owner. */
export async function settingsForEdit(): Promise<TSettingsFormValues> {
  await requireInstanceOwner();
  return settingsFormValues(await getInstanceSettings(getDb()));
}
