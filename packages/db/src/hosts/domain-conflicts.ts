import { AppError } from "@gatehouse/shared";
import type { Db, TransactionClient } from "../client.ts";
import { isUniqueViolation } from "../prisma-errors.ts";

/**
 * Which of `domains` some other host already serves. Domains are unique across the instance, so this
 * deliberately looks at every organization; callers only learn "taken", never by whom.
 */
async function findTakenDomains(db: Db | TransactionClient, domains: string[], exceptHostId?: string): Promise<string[]> {
  const rows = await db.hostDomain.findMany({
    where: { domain: { in: domains }, ...(exceptHostId === undefined ? {} : { hostId: { not: exceptHostId } }) },
    select: { domain: true },
  });
  const taken = new Set(rows.map((row) => row.domain));
  return domains.filter((domain) => taken.has(domain));
}

function domainConflictError(taken: string[]): AppError {
  const messages = taken.map((domain) => `${domain} is already used by another host.`);
  const message = taken.length === 1 ? messages[0]! : `${taken.join(", ")} are already used by other hosts.`;
  return new AppError("CONFLICT", message, { domains: messages });
}

/** Inside the write transaction, before anything is written: CONFLICT naming every taken domain. */
export async function assertDomainsFree(tx: TransactionClient, domains: string[], exceptHostId?: string): Promise<void> {
  const taken = await findTakenDomains(tx, domains, exceptHostId);
  if (taken.length > 0) throw domainConflictError(taken);
}

/**
 * The check above cannot see a writer in another process that commits between check and insert; the
 * unique indexes can. Either index may fire first: HostDomain.domain, or the private upstream's
 * (organizationId, name), since that upstream is named after the host's first domain.
 */
export async function withDomainRaceAsConflict<T>(
  db: Db,
  domains: string[],
  exceptHostId: string | undefined,
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isUniqueViolation(error, "HostDomain", "domain") && !isUniqueViolation(error, "Upstream", "name")) throw error;
    const taken = await findTakenDomains(db, domains, exceptHostId);
    throw domainConflictError(taken.length > 0 ? taken : domains);
  }
}
