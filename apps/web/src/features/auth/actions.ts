"use server";

import { ZSignUpInput } from "@gatehouse/shared";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { orgPath } from "@/lib/org-path.ts";
import { publicAction } from "@/server/action.ts";
import { getAuth } from "@/server/auth.ts";
import { registerAccount } from "./sign-up.ts";

/** Ends the session (server side and cookie) and returns to the sign-in page. */
export async function signOut(): Promise<void> {
  await getAuth().api.signOut({ headers: await headers() });
  redirect("/sign-in");
}

/** Open registration: account, own organization, session; then that organization's hosts. */
export const signUp = publicAction({
  schema: ZSignUpInput,
  handler: async (input) => {
    const slug = await registerAccount(input);
    redirect(orgPath(slug, "/hosts"));
  },
});
