import type { TActor } from "../src/audit/actor.ts";

/** Who the tests' changes are recorded as in the audit log. */
export const TEST_ACTOR: TActor = { userId: null, tokenId: null, label: "test suite", ip: "127.0.0.1" };
