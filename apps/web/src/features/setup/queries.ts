import "server-only";
import { userCount } from "@gatehouse/db";
import { connection } from "next/server";
import { getDb } from "@/server/db.ts";

/** Whether the owner account exists. Read per request, never at build time. */
export async function isSetUp(): Promise<boolean> {
  await connection();
  return (await userCount(getDb())) > 0;
}
