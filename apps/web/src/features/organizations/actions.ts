"use server";

import { createOrganization } from "@gatehouse/db";
import { ZOrganizationInput } from "@gatehouse/shared";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { orgPath } from "@/lib/org-path.ts";
import { instanceOwnerAction } from "@/server/action.ts";
import { getDb } from "@/server/db.ts";

/** The instance owner creates an organization, owns it, and lands on its (empty) hosts page. */
export const createOrganizationAction = instanceOwnerAction({
  schema: ZOrganizationInput,
  handler: async (input, { userId, actor }) => {
    const membership = await createOrganization(getDb(), input, userId, actor);
    // The switcher's list lives in the signed-in layout, which a client navigation keeps: re-render it.
    revalidatePath("/", "layout");
    redirect(orgPath(membership.organizationSlug, "/hosts"));
  },
});
