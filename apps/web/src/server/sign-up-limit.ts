import { AppError } from "@gatehouse/shared";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

/**
 * Accounts created per client address: better-auth's limiter guards its HTTP endpoints, but Gatehouse
 * creates accounts through server actions (setup, open sign-up, invitations), which it never sees.
 * In memory per web process, like better-auth's; the address is the one forwarded-headers.ts
 * resolved from the TCP peer, so a client cannot pick a fresh one per attempt.
 */
export function createSignUpLimit(options: { accounts: number; perSeconds: number }) {
  const limiter = new RateLimiterMemory({ points: options.accounts, duration: options.perSeconds });
  return async function consumeSignUp(clientIp: string | null): Promise<void> {
    try {
      // No address (not through the web server, e.g. a test calling the action): one shared bucket.
      await limiter.consume(clientIp ?? "unknown");
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const minutes = Math.max(1, Math.ceil(error.msBeforeNext / 60_000));
      throw new AppError(
        "TOO_MANY_REQUESTS",
        `Too many accounts were created from your address. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
      );
    }
  };
}

/** Enough for a team signing up from one office, too few for a script filling the instance with accounts. */
export const consumeSignUp = createSignUpLimit({ accounts: 10, perSeconds: 60 * 60 });
