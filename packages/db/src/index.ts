export { createDb, databaseFile, type Db, type TransactionClient } from "./client.ts";
export type { Prisma } from "./generated/prisma/client.ts";
export { bumpRevision, currentRevision } from "./revision.ts";
export { orgHosts } from "./hosts/org-hosts.ts";
export type { THostView } from "./hosts/host-view.ts";
export { compileSnapshot } from "./snapshot.ts";
export {
  authenticateNode,
  listNodes,
  liveState,
  recordNodeSeen,
  registerNode,
  type TNodeStatus,
} from "./nodes.ts";
export { userCount } from "./users.ts";
