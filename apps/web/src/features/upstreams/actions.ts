"use server";

import { orgUpstreams } from "@gatehouse/db";
import { ZUpstreamInput } from "@gatehouse/shared";
import { redirect } from "next/navigation";
import { orgPath } from "@/lib/org-path.ts";
import { orgAction } from "@/server/action.ts";
import { notifyConfigChanged } from "@/server/config-changes.ts";
import { getDb } from "@/server/db.ts";
import { readUpstreamForm, ZUpstreamRef, ZUpstreamUpdate } from "./upstream-form-data.ts";

// Every orgUpstreams write commits with its revision bump before it returns (see hosts/actions.ts).

export const createUpstream = orgAction("upstream:write", {
  schema: ZUpstreamInput,
  read: readUpstreamForm,
  handler: async (input, { organizationId, organizationSlug, actor }) => {
    await orgUpstreams(getDb(), organizationId, actor).create(input);
    notifyConfigChanged();
    redirect(orgPath(organizationSlug, "/upstreams"));
  },
});

export const updateUpstream = orgAction("upstream:write", {
  schema: ZUpstreamUpdate,
  read: readUpstreamForm,
  handler: async ({ id, ...input }, { organizationId, organizationSlug, actor }) => {
    await orgUpstreams(getDb(), organizationId, actor).update(id, input);
    notifyConfigChanged();
    redirect(orgPath(organizationSlug, "/upstreams"));
  },
});

/** Refused with "Used by N hosts; move them first." while hosts still send requests to it. */
export const deleteUpstream = orgAction("upstream:write", {
  schema: ZUpstreamRef,
  handler: async ({ id }, { organizationId, organizationSlug, actor }) => {
    await orgUpstreams(getDb(), organizationId, actor).remove(id);
    notifyConfigChanged();
    redirect(orgPath(organizationSlug, "/upstreams"));
  },
});
