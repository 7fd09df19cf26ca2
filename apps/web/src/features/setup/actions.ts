"use server";

import { createOrganization, userCount } from "@gatehouse/db";
import { AppError, isAppError, ZSetupInput, type TSetupInput } from "@gatehouse/shared";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { publicAction } from "@/server/action.ts";
import { clientIpOf, userActor } from "@/server/actor.ts";
import { SETUP_DONE_MESSAGE } from "@/server/auth.ts";
import { createAccount, signInNewAccount } from "@/features/auth/sign-up.ts";
import { getDb } from "@/server/db.ts";
import { orgPath } from "@/lib/org-path.ts";

// Two browsers submitting setup at once must not both pass the "no users yet" check in this process.
let setupQueue: Promise<unknown> = Promise.resolve();

/** Creates the owner and their organization, signs them in, and answers the organization's slug. */
async function createOwner(input: TSetupInput): Promise<string> {
  const db = getDb();
  if ((await userCount(db)) > 0) throw new AppError("SETUP_DONE", SETUP_DONE_MESSAGE);
  const userId = await createAccount(input).catch((error: unknown) => {
    // Another browser finished setup first: the user.create hook refused this second account.
    throw isAppError(error) && error.code === "FORBIDDEN" ? new AppError("SETUP_DONE", SETUP_DONE_MESSAGE) : error;
  });
  const actor = userActor({ id: userId, name: input.name, email: input.email }, clientIpOf(await headers()));
  const organization = await createOrganization(db, { name: input.organizationName }, userId, actor);
  await signInNewAccount(input);
  return organization.organizationSlug;
}

export const setupOwner = publicAction({
  schema: ZSetupInput,
  handler: async (input) => {
    const run = setupQueue.then(() => createOwner(input));
    setupQueue = run.catch(() => undefined);
    redirect(orgPath(await run, "/hosts"));
  },
});
