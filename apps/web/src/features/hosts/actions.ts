"use server";

import { orgHosts } from "@gatehouse/db";
import { ZHostInput, type THostTlsMode } from "@gatehouse/shared";
import { refresh } from "next/cache";
import { redirect } from "next/navigation";
import { authorizedAction } from "@/server/action.ts";
import { getDb } from "@/server/db.ts";
import { announceHostChange } from "./announce-host-change.ts";
import { readHostForm, ZHostEnabled, ZHostRef, ZHostUpdate } from "./host-form-data.ts";

// Each orgHosts write commits its own transaction (with the revision bump) before it returns, so the
// notification below never wakes a proxy node before the new snapshot can be read. The same holds
// for the certificate manager: an automatic host's certificate row exists when it wakes.

/** A host with automatic HTTPS lands on its own page, where its certificate order shows step by step. */
function redirectAfterSave(hostId: string, mode: THostTlsMode): never {
  redirect(mode === "automatic" ? `/hosts/${hostId}` : "/hosts");
}

export const createHost = authorizedAction("host:write", {
  schema: ZHostInput,
  read: readHostForm,
  handler: async (input, { organizationId, actor }) => {
    const host = await orgHosts(getDb(), organizationId, actor).create(input);
    announceHostChange();
    redirectAfterSave(host.id, input.tls.mode);
  },
});

export const updateHost = authorizedAction("host:write", {
  schema: ZHostUpdate,
  read: readHostForm,
  handler: async ({ id, ...input }, { organizationId, actor }) => {
    await orgHosts(getDb(), organizationId, actor).update(id, input);
    announceHostChange();
    redirectAfterSave(id, input.tls.mode);
  },
});

export const setHostEnabled = authorizedAction("host:write", {
  schema: ZHostEnabled,
  handler: async ({ id, enabled }, { organizationId, actor }) => {
    await orgHosts(getDb(), organizationId, actor).setEnabled(id, enabled);
    announceHostChange();
    refresh();
  },
});

export const deleteHost = authorizedAction("host:write", {
  schema: ZHostRef,
  handler: async ({ id }, { organizationId, actor }) => {
    await orgHosts(getDb(), organizationId, actor).remove(id);
    announceHostChange();
    redirect("/hosts");
  },
});
