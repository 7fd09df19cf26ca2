"use server";

import { orgUpstreams } from "@gatehouse/db";
import { ZUpstreamInput } from "@gatehouse/shared";
import { redirect } from "next/navigation";
import { authorizedAction } from "@/server/action.ts";
import { notifyConfigChanged } from "@/server/config-changes.ts";
import { getDb } from "@/server/db.ts";
import { readUpstreamForm, ZUpstreamRef, ZUpstreamUpdate } from "./upstream-form-data.ts";

// Every orgUpstreams write commits with its revision bump before it returns (see hosts/actions.ts).

export const createUpstream = authorizedAction("upstream:write", {
  schema: ZUpstreamInput,
  read: readUpstreamForm,
  handler: async (input, { organizationId, actor }) => {
    await orgUpstreams(getDb(), organizationId, actor).create(input);
    notifyConfigChanged();
    redirect("/upstreams");
  },
});

export const updateUpstream = authorizedAction("upstream:write", {
  schema: ZUpstreamUpdate,
  read: readUpstreamForm,
  handler: async ({ id, ...input }, { organizationId, actor }) => {
    await orgUpstreams(getDb(), organizationId, actor).update(id, input);
    notifyConfigChanged();
    redirect("/upstreams");
  },
});

/** Refused with "Used by N hosts; move them first." while hosts still send requests to it. */
export const deleteUpstream = authorizedAction("upstream:write", {
  schema: ZUpstreamRef,
  handler: async ({ id }, { organizationId, actor }) => {
    await orgUpstreams(getDb(), organizationId, actor).remove(id);
    notifyConfigChanged();
    redirect("/upstreams");
  },
});
