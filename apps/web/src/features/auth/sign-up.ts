import "server-only";
import { createOrganization, getInstanceAccess } from "@gatehouse/db";
import { AppError, type TSignUpInput } from "@gatehouse/shared";
import { isAPIError } from "better-auth/api";
import { headers } from "next/headers";
import { clientIpOf, userActor } from "@/server/actor.ts";
import { getAuth, INVITE_ONLY_MESSAGE } from "@/server/auth.ts";
import { getDb } from "@/server/db.ts";
import { consumeSignUp } from "@/server/sign-up-limit.ts";

// Organization names are at most 100 characters; the suffix takes 15 of them.
const SUFFIX = "'s organization";

/** The organization a newly registered user gets: "<name>'s organization". */
export function personalOrganizationName(name: string): string {
  return `${name.trim().slice(0, 100 - SUFFIX.length).trim()}${SUFFIX}`;
}

// better-auth answers a sign-up for a taken address with a made-up user (so the API does not tell
// which addresses have accounts); the page says as little.
const NOT_CREATED = "No account was created with this email address. If you already have one, sign in, or reset your password.";

/**
 * Creates an account through better-auth (server-side: its /sign-up/email endpoint is closed over
 * HTTP) and returns the new user's id. The user.create hook decides whether this account may exist
 * (setup, open registration, or a pending invitation for the email).
 */
export async function createAccount(input: TSignUpInput): Promise<string> {
  const db = getDb();
  await consumeSignUp(clientIpOf(await headers()));
  let userId: string;
  try {
    userId = (await getAuth().api.signUpEmail({ body: { name: input.name, email: input.email, password: input.password } })).user.id;
  } catch (error) {
    if (isAPIError(error)) throw new AppError(error.statusCode === 409 ? "FORBIDDEN" : "BAD_INPUT", error.message);
    throw error;
  }
  if (!(await db.user.findUnique({ where: { id: userId }, select: { id: true } }))) throw new AppError("CONFLICT", NOT_CREATED);
  return userId;
}

/** Signs the new account in; the session hook starts it in the user's first organization, nextCookies sets the cookie. */
export async function signInNewAccount(input: Pick<TSignUpInput, "email" | "password">): Promise<void> {
  await getAuth().api.signInEmail({ body: { email: input.email, password: input.password }, headers: await headers() });
}

/**
 * Open registration: the account, an organization of their own (they are its owner) and a session
 * in it. Returns the organization's slug. The user.create hook checks the registration mode again, so
 * a mode switched to invite-only while the form was open still refuses.
 */
export async function registerAccount(input: TSignUpInput): Promise<string> {
  const db = getDb();
  if ((await getInstanceAccess(db)).registration !== "open") throw new AppError("FORBIDDEN", INVITE_ONLY_MESSAGE);
  const userId = await createAccount(input);
  const actor = userActor({ id: userId, name: input.name, email: input.email }, clientIpOf(await headers()));
  const organization = await createOrganization(db, { name: personalOrganizationName(input.name) }, userId, actor);
  await signInNewAccount(input);
  return organization.organizationSlug;
}
