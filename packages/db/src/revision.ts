import type { Db, TransactionClient } from "./client.ts";

/** ConfigState has exactly one row, inserted by the first migration. */
const CONFIG_STATE_ID = 1;

export async function currentRevision(db: Db | TransactionClient): Promise<number> {
  const state = await db.configState.findUniqueOrThrow({ where: { id: CONFIG_STATE_ID } });
  return state.revision;
}

/**
 * Call inside the transaction that changes routing: the new revision commits or rolls back together
 * with the change, so a revision number always names one state of the routing tables.
 */
export async function bumpRevision(tx: TransactionClient): Promise<number> {
  const state = await tx.configState.update({
    where: { id: CONFIG_STATE_ID },
    data: { revision: { increment: 1 } },
  });
  return state.revision;
}
