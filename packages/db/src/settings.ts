import { AppError, ZDefaultSite, ZInstanceSettingsInput, ZProxySettings, ZUnknownSni, zodFieldErrors, type TInstanceSettingsInput } from "@gatehouse/shared";
import type { z } from "zod";
import type { TActor } from "./audit/actor.ts";
import { recordAudit } from "./audit/record-audit.ts";
import type { Db, TransactionClient } from "./client.ts";
import { parseJsonColumn } from "./json-column.ts";
import { bumpRevision } from "./revision.ts";

/** InstanceSettings has exactly one row, inserted by the migration that created the table. */
const INSTANCE_SETTINGS_ID = 1;

/** What callers may pass: the form's values before zod fills defaults. */
export type TInstanceSettingsDraft = z.input<typeof ZInstanceSettingsInput>;

/** Instance-wide, not tenant-owned: the web layer lets only the instance owner call the update. */
export async function getInstanceSettings(db: Db | TransactionClient): Promise<TInstanceSettingsInput> {
  const row = await db.instanceSettings.findUnique({ where: { id: INSTANCE_SETTINGS_ID } });
  if (!row) return ZProxySettings.parse({});
  return {
    defaultSite: parseJsonColumn(ZDefaultSite, row.defaultSite, "The default site setting"),
    trustedProxies: parseJsonColumn(ZProxySettings.shape.trustedProxies, row.trustedProxies, "The trusted proxies setting"),
    unknownSni: ZUnknownSni.parse(row.unknownSni),
  };
}

/**
 * Every proxy node receives these, so a change is a config change: one transaction with a revision
 * bump and an instance-level audit entry (no organization: only the instance owner sees it).
 */
export async function updateInstanceSettings(db: Db, input: TInstanceSettingsDraft, actor: TActor): Promise<TInstanceSettingsInput> {
  const result = ZInstanceSettingsInput.safeParse(input);
  if (!result.success) throw new AppError("BAD_INPUT", "Check the highlighted settings.", zodFieldErrors(result.error));
  const settings = result.data;
  const columns = {
    defaultSite: JSON.stringify(settings.defaultSite),
    trustedProxies: JSON.stringify(settings.trustedProxies),
    unknownSni: settings.unknownSni,
  };
  await db.$transaction(async (tx) => {
    const before = await getInstanceSettings(tx);
    await bumpRevision(tx);
    await tx.instanceSettings.upsert({ where: { id: INSTANCE_SETTINGS_ID }, create: { id: INSTANCE_SETTINGS_ID, ...columns }, update: columns });
    await recordAudit(tx, {
      organizationId: null,
      actor,
      action: "instance-settings.update",
      targetKind: "instance-settings",
      targetId: null,
      targetLabel: "Instance settings",
      before,
      after: settings,
    });
  });
  return settings;
}
