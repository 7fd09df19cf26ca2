import { createApiToken, createSecretBox, orgCertificates, orgHosts, orgUpstreams, SYSTEM_ACTOR, type Db } from "@gatehouse/db";
import type { TRole } from "@gatehouse/shared";
import { createSession, createUser, type TSeededOrg } from "../../harness/seed-organizations.ts";

/** Disposable records written by the test process, one per attempt, so each attempt has its own target. */
export type TFresh = { db: Db; secret: string; n: () => number };

/**
 * The web process writes too (API token use, the local proxy's reports): a transaction of this process
 * that read before such a write commits fails with SQLITE_BUSY ("Operation has timed out") instead of
 * waiting, so the test's own writes retry.
 */
export async function retrying<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= 8 || !String(error).includes("timed out")) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

export const hostInput = (domain: string, backendUrl = "http://10.0.0.5:8080") => ({
  domains: [domain],
  locations: [{ path: "/", action: { type: "proxy" as const, backendUrl } }],
});

export function freshHost(f: TFresh, org: TSeededOrg): Promise<string> {
  return retrying(async () => (await orgHosts(f.db, org.id, SYSTEM_ACTOR).create(hostInput(`fresh${f.n()}.${org.slug}.test`))).id);
}

export function freshUpstream(f: TFresh, org: TSeededOrg): Promise<string> {
  return retrying(async () => (await orgUpstreams(f.db, org.id, SYSTEM_ACTOR).create({ name: `fresh-${f.n()}`, targets: [{ url: "http://10.0.0.9:8080" }] })).id);
}

export function freshCertificate(f: TFresh, org: TSeededOrg): Promise<string> {
  return retrying(async () => (await orgCertificates(f.db, org.id, createSecretBox(f.secret), SYSTEM_ACTOR).createSelfSigned({ domains: [`fresh${f.n()}.${org.slug}.test`] })).id);
}

export function freshToken(f: TFresh, org: TSeededOrg): Promise<string> {
  return retrying(async () => {
    const owner = org.members.owner;
    return (await createApiToken(f.db, org.id, { name: `fresh ${f.n()}`, role: "viewer", createdByUserId: owner.userId, creatorRole: "owner" }, SYSTEM_ACTOR)).view.id;
  });
}

/** A new user who is a member of `org` with `role`, and a session cookie active there. */
export function freshMember(f: TFresh, org: TSeededOrg, role: TRole = "viewer"): Promise<{ memberId: string; userId: string; cookie: string }> {
  return retrying(async () => {
    const userId = await createUser(f.db, `fresh ${f.n()}`, `fresh${f.n()}@${org.slug}.test`);
    const memberId = `mem_fresh_${f.n()}`;
    await f.db.member.create({ data: { id: memberId, organizationId: org.id, userId, role, createdAt: new Date() } });
    return { memberId, userId, cookie: await createSession(f.db, f.secret, userId, org.id) };
  });
}

export function freshInvitation(f: TFresh, org: TSeededOrg, tokenHash = `hash-${f.n()}`, role: TRole = "viewer"): Promise<string> {
  return retrying(async () => {
    const id = `inv_fresh_${f.n()}`;
    await f.db.invitation.create({
      data: {
        id,
        organizationId: org.id,
        email: `invitee${f.n()}@${org.slug}.test`,
        role,
        status: "pending",
        expiresAt: new Date(Date.now() + 86_400_000),
        inviterId: org.members.owner.userId,
        tokenHash,
      },
    });
    return id;
  });
}
