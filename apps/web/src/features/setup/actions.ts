"use server";

import { userCount } from "@gatehouse/db";
import { AppError, ZSetupInput, type TSetupInput } from "@gatehouse/shared";
import { isAPIError } from "better-auth/api";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { publicAction } from "@/server/action.ts";
import { getAuth, SETUP_DONE_MESSAGE } from "@/server/auth.ts";
import { getDb } from "@/server/db.ts";
import { organizationSlug } from "./organization-slug.ts";

// Two browsers submitting setup at once must not both pass the "no users yet" check in this process.
let setupQueue: Promise<unknown> = Promise.resolve();

async function createOwner(input: TSetupInput): Promise<void> {
  const auth = getAuth();
  if ((await userCount(getDb())) > 0) throw new AppError("SETUP_DONE", SETUP_DONE_MESSAGE);
  try {
    const { user } = await auth.api.signUpEmail({ body: { name: input.name, email: input.email, password: input.password } });
    // Without request headers this runs as a server call on behalf of `userId`, which is how the
    // owner's organization is created while self-service organization creation stays off.
    await auth.api.createOrganization({
      body: { name: input.organizationName, slug: organizationSlug(input.organizationName), userId: user.id },
    });
    // The new session starts in that organization (session hook in auth.ts); nextCookies sets the cookie.
    await auth.api.signInEmail({ body: { email: input.email, password: input.password }, headers: await headers() });
  } catch (error) {
    if (isAPIError(error)) throw new AppError(error.statusCode === 409 ? "SETUP_DONE" : "BAD_INPUT", error.message);
    throw error;
  }
}

export const setupOwner = publicAction({
  schema: ZSetupInput,
  handler: async (input) => {
    const run = setupQueue.then(() => createOwner(input));
    setupQueue = run.catch(() => undefined);
    await run;
    redirect("/hosts");
  },
});
