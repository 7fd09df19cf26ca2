import type { Db } from "./client.ts";

/** Zero means the instance has not been set up yet: the first visitor gets the setup page. */
export async function userCount(db: Db): Promise<number> {
  return db.user.count();
}
