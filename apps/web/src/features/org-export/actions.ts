"use server";

import { applyImport, parseOrgExportJson, planImport, type TImportResult } from "@gatehouse/db";
import { orgAction } from "@/server/action.ts";
import { notifyConfigChanged } from "@/server/config-changes.ts";
import { getDb } from "@/server/db.ts";
import { getSecretBox } from "@/server/secret-box.ts";
import { INITIAL_FORM_STATE, type TFormState } from "@/lib/form-state.ts";
import { ZImportForm } from "./import-form-data.ts";

/** The form state plus what the import would do ("check") or did ("apply"). */
export type TImportState = TFormState & { result: TImportResult | null };

/**
 * Checks (a dry run) or applies an export file. Goes through the one action wrapper (session,
 * permission, parsing, errors); the wrapper answers form state only, so the plan is carried out of the
 * handler here. The file's text is never echoed back: it may hold private keys.
 */
export async function importOrganization(organizationSlug: string, _previous: TImportState, formData: FormData): Promise<TImportState> {
  let result = null as TImportResult | null;
  const run = orgAction("organization:transfer", {
    schema: ZImportForm,
    handler: async ({ document, mode }, { organizationId, actor }) => {
      const parsed = parseOrgExportJson(document);
      const db = getDb();
      result = mode === "apply" ? await applyImport(db, organizationId, getSecretBox(), parsed, actor) : { ...(await planImport(db, organizationId, getSecretBox(), parsed)), applied: false };
      if (result.applied) {
        notifyConfigChanged();
        return { ok: true, message: "Imported. The proxies pick up the new configuration within seconds." };
      }
      if (mode === "apply") return { ok: false, message: "Nothing was imported: the lines marked Refused need attention first.", fieldErrors: {}, values: {} };
    },
  });
  const state = await run(organizationSlug, INITIAL_FORM_STATE, formData);
  return { ...(state.ok ? state : { ...state, values: {} }), result };
}
