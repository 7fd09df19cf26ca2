"use server";

import { orgHosts } from "@gatehouse/db";
import { ZHostInput, type THostTlsMode } from "@gatehouse/shared";
import { refresh } from "next/cache";
import { redirect } from "next/navigation";
import { orgPath } from "@/lib/org-path.ts";
import { orgAction } from "@/server/action.ts";
import { getDb } from "@/server/db.ts";
import { announceHostChange } from "./announce-host-change.ts";
import { readHostForm, ZHostEnabled, ZHostRef, ZHostUpdate } from "./host-form-data.ts";

// Each orgHosts write commits its own transaction (with the revision bump) before it returns, so the
// notification below never wakes a proxy node before the new snapshot can be read. The same holds
// for the certificate manager: an automatic host's certificate row exists when it wakes.

/** A host with automatic HTTPS lands on its own page, where its certificate order shows step by step. */
function redirectAfterSave(organizationSlug: string, hostId: string, mode: THostTlsMode): never {
  redirect(orgPath(organizationSlug, mode === "automatic" ? `/hosts/${hostId}` : "/hosts"));
}

export const createHost = orgAction("host:write", {
  schema: ZHostInput,
  read: readHostForm,
  handler: async (input, { organizationId, organizationSlug, actor }) => {
    const host = await orgHosts(getDb(), organizationId, actor).create(input);
    announceHostChange();
    redirectAfterSave(organizationSlug, host.id, input.tls.mode);
  },
});

export const updateHost = orgAction("host:write", {
  schema: ZHostUpdate,
  read: readHostForm,
  handler: async ({ id, ...input }, { organizationId, organizationSlug, actor }) => {
    await orgHosts(getDb(), organizationId, actor).update(id, input);
    announceHostChange();
    redirectAfterSave(organizationSlug, id, input.tls.mode);
  },
});

export const setHostEnabled = orgAction("host:write", {
  schema: ZHostEnabled,
  handler: async ({ id, enabled }, { organizationId, actor }) => {
    await orgHosts(getDb(), organizationId, actor).setEnabled(id, enabled);
    announceHostChange();
    refresh();
  },
});

export const deleteHost = orgAction("host:write", {
  schema: ZHostRef,
  handler: async ({ id }, { organizationId, organizationSlug, actor }) => {
    await orgHosts(getDb(), organizationId, actor).remove(id);
    announceHostChange();
    redirect(orgPath(organizationSlug, "/hosts"));
  },
});
