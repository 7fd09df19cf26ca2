import type { Db } from "./client.ts";

/** Zero means the instance has not been set up yet: the first visitor gets the setup page. */
export async function userCount(db: Db): Promise<number> {
  return db.user.count();
}

/** The instance owner is the first user (the one setup created): it manages nodes and instance settings. */
export async function instanceOwnerId(db: Db): Promise<string | null> {
  const first = await db.user.findFirst({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true } });
  return first?.id ?? null;
}
