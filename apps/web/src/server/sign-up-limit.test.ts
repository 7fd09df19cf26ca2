import { isAppError } from "@gatehouse/shared";
import { describe, expect, it } from "vitest";
import { createSignUpLimit } from "./sign-up-limit.ts";

describe("createSignUpLimit", () => {
  it("refuses an address past its allowance with how long to wait, and counts addresses apart", async () => {
    const consume = createSignUpLimit({ accounts: 2, perSeconds: 600 });
    await consume("203.0.113.1");
    await consume("203.0.113.1");
    const refused = await consume("203.0.113.1").catch((error: unknown) => error);
    expect(isAppError(refused) && refused.code).toBe("TOO_MANY_REQUESTS");
    expect((refused as Error).message).toMatch(/Try again in 10 minutes\./);
    await expect(consume("203.0.113.2")).resolves.toBeUndefined();
  });
});
