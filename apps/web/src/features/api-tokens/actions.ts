"use server";

import { createApiToken, revokeApiToken } from "@gatehouse/db";
import { ZApiTokenInput } from "@gatehouse/shared";
import { refresh } from "next/cache";
import { orgAction } from "@/server/action.ts";
import { getDb } from "@/server/db.ts";
import { readApiTokenForm, ZApiTokenRef } from "./token-form-data.ts";

/** Answers the new token in the form state (read by createdToken): the only time it leaves the server. */
export const createApiTokenAction = orgAction("token:write", {
  schema: ZApiTokenInput,
  read: readApiTokenForm,
  handler: async (input, { organizationId, userId, role, actor }) => {
    const { token, view } = await createApiToken(getDb(), organizationId, { ...input, createdByUserId: userId, creatorRole: role }, actor);
    refresh();
    // A variable, not a literal: TFormState has no `token`, and the page reads it with createdToken.
    const created = { ok: true as const, message: `Token ${view.name} created.`, token };
    return created;
  },
});

export const revokeApiTokenAction = orgAction("token:write", {
  schema: ZApiTokenRef,
  handler: async ({ id }, { organizationId, actor }) => {
    await revokeApiToken(getDb(), organizationId, id, actor);
    refresh();
  },
});
