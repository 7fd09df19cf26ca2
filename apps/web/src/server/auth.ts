import "server-only";
import { getInstanceAccess, pendingInvitationForEmail, userCount, type Db } from "@gatehouse/db";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { organization, twoFactor } from "better-auth/plugins";
import { clientIpOf } from "./actor.ts";
import { AUTH_CLIENT_IP_HEADER, rateLimitAddress } from "./auth-client-ip.ts";
import { getDb } from "./db.ts";
import { getEnv, type TEnv } from "./env.ts";
import { sendMail } from "./mail/mailer.ts";
import { passwordResetEmail } from "./mail/password-reset-email.ts";

export const SETUP_DONE_MESSAGE = "Gatehouse is already set up. Sign in, or ask an administrator for an invitation.";
export const INVITE_ONLY_MESSAGE =
  "This Gatehouse creates accounts by invitation only. Ask an owner or admin of your organization to invite this email address.";

/** A reset link works this long; the email says so. */
export const PASSWORD_RESET_LINK_SECONDS = 60 * 60;

/**
 * Who may get an account: the first user (setup), anyone while registration is open, otherwise only
 * an address with a pending, unexpired invitation.
 */
async function mayCreateAccount(db: Db, email: string): Promise<boolean> {
  if ((await userCount(db)) === 0) return true;
  if ((await getInstanceAccess(db)).registration === "open") return true;
  return pendingInvitationForEmail(db, email);
}

/**
 * Mails the reset link without awaiting it: better-auth answers "if the account exists..." for unknown
 * addresses at once, so waiting on SMTP for known ones would tell them apart by the response time.
 */
function sendResetLink(env: TEnv, user: { email: string; name: string }, token: string): void {
  const link = `${env.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
  void sendMail({ to: user.email, ...passwordResetEmail({ name: user.name, link, validMinutes: PASSWORD_RESET_LINK_SECONDS / 60 }) }).then(
    (result) => {
      if (!result.sent) console.error(`Password reset email to ${user.email} not sent: ${result.reason}`);
    },
    (error: unknown) => console.error(`Password reset email to ${user.email} not sent:`, error),
  );
}

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
    // Password hashing stays better-auth's default scrypt (memory-hard). Accounts are created by
    // Gatehouse's own actions (setup, sign-up, invitation) through auth.api.signUpEmail, never over
    // HTTP; who may have one is decided by the user.create hook below.
    emailAndPassword: {
      enabled: true,
      autoSignIn: false,
      minPasswordLength: 12,
      maxPasswordLength: 128,
      sendResetPassword: async ({ user, token }) => sendResetLink(env, user, token),
      resetPasswordTokenExpiresIn: PASSWORD_RESET_LINK_SECONDS,
      // Whoever had the old password (or a stolen session) is signed out everywhere.
      revokeSessionsOnPasswordReset: true,
    },
    disabledPaths: ["/sign-up/email", ...organizationPaths],
    // On in every mode (better-auth turns it off outside production by default). Its built-in rules:
    // /sign-in/*, /sign-up/*, /change-password, /change-email 3 requests per 10 s; /request-password-reset
    // 3 per 60 s; anything else 100 per 10 s; per client address and path, in memory.
    rateLimit: { enabled: true },
    // The address comes from handleAuthRequest (below), the same client the audit log records.
    advanced: { ipAddress: { ipAddressHeaders: [AUTH_CLIENT_IP_HEADER] } },
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
          // Enforced here, below every entry point, so no route or plugin can add a user the
          // registration mode does not allow. CONFLICT rather than FORBIDDEN: with autoSignIn off,
          // better-auth turns a 403 from this hook into a fake "success" response.
          before: async (user) => {
            if (!(await mayCreateAccount(db, user.email))) {
              throw new APIError("CONFLICT", { message: INVITE_ONLY_MESSAGE, code: "REGISTRATION_INVITE_ONLY" });
            }
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

/**
 * What /api/auth/* hands to better-auth: the request with the client address for the rate limiter
 * set by us (a value the client sent under that name is dropped).
 */
export function handleAuthRequest(request: Request): Promise<Response> {
  const headers = new Headers(request.headers);
  headers.delete(AUTH_CLIENT_IP_HEADER);
  const address = rateLimitAddress(clientIpOf(request.headers));
  if (address) headers.set(AUTH_CLIENT_IP_HEADER, address);
  return getAuth().handler(new Request(request, { headers }));
}
