import "server-only";
import { userCount, type Db } from "@gatehouse/db";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { organization, twoFactor } from "better-auth/plugins";
import { getDb } from "./db.ts";
import { getEnv, type TEnv } from "./env.ts";

export const SETUP_DONE_MESSAGE = "Gatehouse is already set up. Sign in, or ask an administrator for an invitation.";

function createAuth(env: TEnv, db: Db) {
  // Organizations are created by setup (and later by the instance owner), not by any user.
  const organizations = organization({ allowUserToCreateOrganization: false, creatorRole: "owner" });
  // better-auth's own /organization/* endpoints apply its role model, not PERMISSIONS (an admin there
  // may re-role members, invite, remove...): none is reachable over HTTP. Gatehouse's actions call
  // them as auth.api.* on the server, which the router's disabled paths do not affect.
  const organizationPaths = Object.values(organizations.endpoints).map((endpoint) => endpoint.path);

  return betterAuth({
    appName: "Gatehouse",
    baseURL: env.publicUrl,
    secret: env.secret,
    database: prismaAdapter(db, { provider: "sqlite" }),
    // Password hashing stays better-auth's default scrypt (memory-hard). No self-service sign-up:
    // the only account created without an invitation is the owner, by the setup action.
    emailAndPassword: { enabled: true, autoSignIn: false, minPasswordLength: 12, maxPasswordLength: 128 },
    disabledPaths: ["/sign-up/email", ...organizationPaths],
    // On in every mode (better-auth turns it off outside production by default).
    rateLimit: { enabled: true },
    // Same-host requests are trusted besides the public URL, the rule Next applies to server actions:
    // an admin opening the GUI by IP address or another host name can still sign in, while a
    // cross-site form post (Origin of another host) is refused.
    trustedOrigins: (request) => {
      const host = request?.headers.get("host");
      return host ? [`http://${host}`, `https://${host}`] : [];
    },
    databaseHooks: {
      user: {
        create: {
          // Enforced here, below every entry point, so no route or plugin can add a user before
          // invitations exist. CONFLICT rather than FORBIDDEN: with autoSignIn off, better-auth turns a
          // 403 from this hook into a fake "success" response.
          before: async () => {
            if ((await userCount(db)) > 0) throw new APIError("CONFLICT", { message: SETUP_DONE_MESSAGE, code: "SETUP_DONE" });
          },
        },
      },
      session: {
        create: {
          // Every new session starts in the user's first organization, so pages and actions always
          // have an active organization to scope to.
          before: async (session) => {
            if (session.activeOrganizationId) return;
            const membership = await db.member.findFirst({
              where: { userId: session.userId },
              orderBy: { createdAt: "asc" },
              select: { organizationId: true },
            });
            if (membership) return { data: { ...session, activeOrganizationId: membership.organizationId } };
          },
        },
      },
    },
    plugins: [
      organizations,
      // TOTP second factor with recovery codes. Its /two-factor/* endpoints carry the plugin's own rate
      // limit (3 requests per 10 s), on top of its lockout after 10 wrong codes in a row.
      twoFactor({ issuer: "Gatehouse" }),
      nextCookies(), // must stay last: it copies Set-Cookie of auth.api calls into Next's cookie store
    ],
  });
}

export type TAuth = ReturnType<typeof createAuth>;

const AUTH_KEY = Symbol.for("gatehouse.web.auth");
type TAuthHolder = { [AUTH_KEY]?: TAuth };

export function getAuth(): TAuth {
  const holder = globalThis as TAuthHolder;
  return (holder[AUTH_KEY] ??= createAuth(getEnv(), getDb()));
}
