import { randomBytes } from "node:crypto";
import { createSession, seedOrganizations, type TSeed } from "../../harness/seed-organizations.ts";
import { startStack, type Stack } from "../../harness/stack.ts";
import { buildActions, callAction, formOf } from "./next-actions.ts";

export type TMatrixStack = {
  stack: Stack;
  seed: TSeed;
  /** The first user (setup): manages instance settings; member of neither A nor B. */
  instanceOwner: { userId: string; cookie: string };
  /** A signed-in user who belongs to no organization at all. */
  outsider: { userId: string; cookie: string };
  stop(): Promise<void>;
};

export const INSTANCE_OWNER = { name: "Root Owner", email: "root@instance.test", password: "correct horse battery staple", organizationName: "Root Org" };

/**
 * One stack for a whole test file: `npm start` on free ports, the instance owner created by the real
 * setup action (over the same server-action protocol the tests use, so a protocol break fails here
 * first), then organizations A and B seeded with a member per role and records of every kind.
 */
export async function startMatrixStack(): Promise<TMatrixStack> {
  const secret = randomBytes(36).toString("base64url");
  const stack = await startStack({ env: { GATEHOUSE_SECRET: secret } });
  try {
    const setup = buildActions().find((action) => action.filename.endsWith("features/setup/actions.ts") && action.exportedName === "setupOwner");
    if (!setup) throw new Error("no setupOwner action in the build's server-reference manifest");
    const result = await callAction({ webUrl: stack.webUrl, pagePath: "/setup", actionId: setup.id, args: [{ ok: true }, formOf(INSTANCE_OWNER)] });
    const cookie = result.cookies.find((value) => value.startsWith("better-auth.session_token="));
    if (!result.redirect || !cookie) throw new Error(`setup action did not sign the owner in (status ${result.status}): ${result.raw.slice(0, 500)}`);

    const seed = await seedOrganizations(stack.dataDir, secret);
    const owner = await seed.db.user.findUniqueOrThrow({ where: { email: INSTANCE_OWNER.email }, select: { id: true } });
    const outsiderId = (await seed.db.user.create({
      data: { id: `usr_outsider`, name: "Outsider", email: "outsider@nowhere.test", emailVerified: true, createdAt: new Date(), updatedAt: new Date() },
    })).id;
    const outsiderCookie = await createSession(seed.db, secret, outsiderId, null);
    return {
      stack,
      seed,
      instanceOwner: { userId: owner.id, cookie },
      outsider: { userId: outsiderId, cookie: outsiderCookie },
      async stop() {
        await seed.db.$disconnect();
        await stack.stop();
      },
    };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}
