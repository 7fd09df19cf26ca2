import "server-only";
import { headers } from "next/headers";
import { getAuth } from "@/server/auth.ts";
import { getDb } from "@/server/db.ts";

export type TAccountSession = {
  id: string;
  userAgent: string | null;
  ipAddress: string | null;
  createdAt: Date;
  lastActiveAt: Date;
  current: boolean;
};

/** The signed-in user's two-factor state and sessions (newest activity first), for the account page. */
export async function accountOverview(userId: string): Promise<{ twoFactorEnabled: boolean; sessions: TAccountSession[] }> {
  const requestHeaders = await headers();
  const auth = getAuth();
  const [current, sessions, user] = await Promise.all([
    auth.api.getSession({ headers: requestHeaders }),
    auth.api.listSessions({ headers: requestHeaders }),
    getDb().user.findUniqueOrThrow({ where: { id: userId }, select: { twoFactorEnabled: true } }),
  ]);
  return {
    twoFactorEnabled: user.twoFactorEnabled === true,
    sessions: sessions
      // better-auth refreshes updatedAt as a session is used (at most once per its update age).
      .map((session) => ({
        id: session.id,
        userAgent: session.userAgent ?? null,
        ipAddress: session.ipAddress ?? null,
        createdAt: session.createdAt,
        lastActiveAt: session.updatedAt,
        current: session.id === current?.session.id,
      }))
      .sort((a, b) => b.lastActiveAt.getTime() - a.lastActiveAt.getTime()),
  };
}
