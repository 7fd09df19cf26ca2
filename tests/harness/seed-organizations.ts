import { createHash, randomBytes, webcrypto } from "node:crypto";
import {
  createApiToken,
  createDb,
  createSecretBox,
  databaseFile,
  orgCertificates,
  orgHosts,
  orgUpstreams,
  SYSTEM_ACTOR,
  type Db,
} from "@gatehouse/db";
import { ROLES, type TRole } from "@gatehouse/shared";
import { hashPassword } from "better-auth/crypto";

/**
 * Two organizations with one member per role each, plus records of every kind, written straight into
 * the stack's SQLite file (WAL: the web process sees them on its next read).
 *
 * Users past the first cannot be created through the app without invitations (auth.ts refuses every
 * sign-up after setup), and signing 8 users in over HTTP hits better-auth's sign-in limit (3 per 10 s
 * per client IP and path). So sessions are written as better-auth writes them (a `session` row with a
 * random token) and the cookie is signed as better-call signs it: `encodeURIComponent(token + "." +
 * base64(HMAC-SHA256(secret, token)))`. Each user also gets a real credential account (better-auth's
 * scrypt hash) so a test can prove the seeded accounts sign in through the real endpoint too.
 */

export const SEED_PASSWORD = "correct horse battery staple";
export const SESSION_COOKIE = "better-auth.session_token";

export type TSeededMember = {
  role: TRole;
  userId: string;
  memberId: string;
  email: string;
  /** `better-auth.session_token=<signed>`, session active in this member's organization. */
  cookie: string;
  /** An API token made by this member with their own role. */
  apiToken: string;
  apiTokenId: string;
};

export type TSeededOrg = {
  key: "a" | "b";
  id: string;
  slug: string;
  name: string;
  members: Record<TRole, TSeededMember>;
  hostId: string;
  upstreamId: string;
  certificateId: string;
  invitationId: string;
  /** A token nobody authenticates with: a target for revoke attempts. */
  spareTokenId: string;
};

export type TSeed = { a: TSeededOrg; b: TSeededOrg; db: Db; secret: string };

const uid = (prefix: string) => `${prefix}_${randomBytes(9).toString("base64url")}`;

/** The cookie value better-auth accepts for `token`, signed with the instance secret. */
export async function signedSessionCookie(token: string, secret: string): Promise<string> {
  const key = await webcrypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const signature = Buffer.from(await webcrypto.subtle.sign("HMAC", key, new TextEncoder().encode(token))).toString("base64");
  return `${SESSION_COOKIE}=${encodeURIComponent(`${token}.${signature}`)}`;
}

/** A session row for the user, active in `organizationId`, and its signed cookie. */
export async function createSession(db: Db, secret: string, userId: string, organizationId: string | null): Promise<string> {
  const token = randomBytes(24).toString("base64url");
  const now = new Date();
  await db.session.create({
    data: {
      id: uid("ses"),
      token,
      userId,
      activeOrganizationId: organizationId,
      expiresAt: new Date(now.getTime() + 24 * 3600_000),
      createdAt: now,
      updatedAt: now,
      ipAddress: "127.0.0.1",
      userAgent: "authorization-matrix",
    },
  });
  return signedSessionCookie(token, secret);
}

export async function createUser(db: Db, name: string, email: string): Promise<string> {
  const id = uid("usr");
  const now = new Date();
  await db.user.create({ data: { id, name, email, emailVerified: true, createdAt: now, updatedAt: now } });
  await db.account.create({
    data: { id: uid("acc"), accountId: id, providerId: "credential", userId: id, password: await hashPassword(SEED_PASSWORD), createdAt: now, updatedAt: now },
  });
  return id;
}

async function seedOrg(db: Db, secret: string, key: "a" | "b"): Promise<TSeededOrg> {
  const name = key === "a" ? "Alpha Org" : "Bravo Org";
  const slug = key === "a" ? "alpha" : "bravo";
  const organizationId = uid("org");
  await db.organization.create({ data: { id: organizationId, name, slug, createdAt: new Date() } });

  const members = {} as Record<TRole, TSeededMember>;
  for (const role of ROLES) {
    const email = `${role}@${slug}.test`;
    const userId = await createUser(db, `${role} of ${name}`, email);
    const memberId = uid("mem");
    await db.member.create({ data: { id: memberId, organizationId, userId, role, createdAt: new Date() } });
    const cookie = await createSession(db, secret, userId, organizationId);
    const { token, view } = await createApiToken(
      db,
      organizationId,
      { name: `${role} token`, role, createdByUserId: userId, creatorRole: role },
      { userId, tokenId: null, label: email, ip: "127.0.0.1" },
    );
    members[role] = { role, userId, memberId, email, cookie, apiToken: token, apiTokenId: view.id };
  }

  const spare = await createApiToken(
    db,
    organizationId,
    { name: "spare token", role: "viewer", createdByUserId: members.owner.userId, creatorRole: "owner" },
    SYSTEM_ACTOR,
  );
  const upstream = await orgUpstreams(db, organizationId, SYSTEM_ACTOR).create({ name: `${slug}-pool`, targets: [{ url: "http://10.0.0.9:8080" }] });
  const host = await orgHosts(db, organizationId, SYSTEM_ACTOR).create({
    domains: [`www.${slug}.test`],
    locations: [{ path: "/", action: { type: "proxy", backendUrl: "http://10.0.0.5:8080" } }],
  });
  const certificate = await orgCertificates(db, organizationId, createSecretBox(secret), SYSTEM_ACTOR).createSelfSigned({ domains: [`cert.${slug}.test`] });
  const invitationId = uid("inv");
  await db.invitation.create({
    data: {
      id: invitationId,
      organizationId,
      email: `invitee@${slug}.test`,
      role: "editor",
      status: "pending",
      expiresAt: new Date(Date.now() + 7 * 24 * 3600_000),
      inviterId: members.owner.userId,
      tokenHash: createHash("sha256").update(randomBytes(32)).digest("hex"),
    },
  });

  return {
    key,
    id: organizationId,
    slug,
    name,
    members,
    hostId: host.id,
    upstreamId: upstream.id,
    certificateId: certificate.id,
    invitationId,
    spareTokenId: spare.view.id,
  };
}

/**
 * Seeds organizations A ("alpha") and B ("bravo") into the stack's data dir. Call after the instance
 * owner exists (setup), so neither organization's members are the instance owner.
 */
export async function seedOrganizations(dataDir: string, secret: string): Promise<TSeed> {
  const db = createDb(databaseFile(dataDir));
  const a = await seedOrg(db, secret, "a");
  const b = await seedOrg(db, secret, "b");
  return { a, b, db, secret };
}
