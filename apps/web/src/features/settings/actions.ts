"use server";

import { updateInstanceSettings } from "@gatehouse/db";
import { ZInstanceSettingsInput } from "@gatehouse/shared";
import { refresh } from "next/cache";
import { instanceOwnerAction } from "@/server/action.ts";
import { notifyConfigChanged } from "@/server/config-changes.ts";
import { getDb } from "@/server/db.ts";
import { readSettingsForm } from "./settings-form-data.ts";

export const saveInstanceSettings = instanceOwnerAction({
  schema: ZInstanceSettingsInput,
  read: readSettingsForm,
  handler: async (input) => {
    await updateInstanceSettings(getDb(), input);
    notifyConfigChanged();
    refresh();
    return { ok: true, message: "Saved. Proxies apply the new settings within a second." };
  },
});
