import type { z } from "zod";
import { ZProxySettings } from "./proxy-config/settings.ts";

/** Instance settings the instance owner edits; today exactly what every proxy node receives. */
export const ZInstanceSettingsInput = ZProxySettings;
export type TInstanceSettingsInput = z.infer<typeof ZInstanceSettingsInput>;
