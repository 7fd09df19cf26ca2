"use server";

import { orgHosts } from "@gatehouse/db";
import { ZHostInput } from "@gatehouse/shared";
import { refresh } from "next/cache";
import { redirect } from "next/navigation";
import { authorizedAction } from "@/server/action.ts";
import { notifyConfigChanged } from "@/server/config-changes.ts";
import { getDb } from "@/server/db.ts";
import { readHostForm, ZHostEnabled, ZHostRef, ZHostUpdate } from "./host-form-data.ts";

// Each orgHosts write commits its own transaction (with the revision bump) before it returns, so the
// notification below never wakes a proxy node before the new snapshot can be read.

export const createHost = authorizedAction("host:write", {
  schema: ZHostInput,
  read: readHostForm,
  handler: async (input, { organizationId }) => {
    await orgHosts(getDb(), organizationId).create(input);
    notifyConfigChanged();
    redirect("/hosts");
  },
});

export const updateHost = authorizedAction("host:write", {
  schema: ZHostUpdate,
  read: readHostForm,
  handler: async ({ id, ...input }, { organizationId }) => {
    await orgHosts(getDb(), organizationId).update(id, input);
    notifyConfigChanged();
    redirect("/hosts");
  },
});

export const setHostEnabled = authorizedAction("host:write", {
  schema: ZHostEnabled,
  handler: async ({ id, enabled }, { organizationId }) => {
    await orgHosts(getDb(), organizationId).setEnabled(id, enabled);
    notifyConfigChanged();
    refresh();
  },
});

export const deleteHost = authorizedAction("host:write", {
  schema: ZHostRef,
  handler: async ({ id }, { organizationId }) => {
    await orgHosts(getDb(), organizationId).remove(id);
    notifyConfigChanged();
    redirect("/hosts");
  },
});
