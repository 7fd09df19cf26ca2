import type { TransactionClient } from "../client.ts";
import { targetRows, upstreamColumns, ZUpstreamSettings } from "../upstreams/upstream-columns.ts";

// The host form's "backend URL" shortcut gets the contract's defaults for everything else.
const PRIVATE_UPSTREAM_SETTINGS = ZUpstreamSettings.parse({});

/**
 * "<first domain><path>", e.g. `app.example.com/` or `app.example.com/api`. Unique in the organization
 * because domains are unique across the instance, and never equal to a shared upstream's name, which
 * cannot contain "/".
 */
export function privateUpstreamName(firstDomain: string, path: string): string {
  return `${firstDomain}${path}`;
}

/** The host's private upstreams, by the path of the location that uses each. */
export async function privateUpstreamsByPath(tx: TransactionClient, organizationId: string, hostId: string): Promise<Map<string, string>> {
  const locations = await tx.location.findMany({
    where: { hostId, organizationId, upstream: { is: { private: true } } },
    select: { path: true, upstreamId: true },
  });
  return new Map(locations.flatMap((location) => (location.upstreamId === null ? [] : [[location.path, location.upstreamId] as const])));
}

type TPrivateUpstreamScope = { organizationId: string; firstDomain: string; revision: number };
type TPrivateUpstream = { existingId: string | undefined; path: string; url: string };

/** Creates the private upstream, or points an existing one at `url` and renames it; returns its id. */
export async function savePrivateUpstream(tx: TransactionClient, scope: TPrivateUpstreamScope, upstream: TPrivateUpstream): Promise<string> {
  const { organizationId, revision } = scope;
  const name = privateUpstreamName(scope.firstDomain, upstream.path);
  const targets = { create: targetRows([{ url: upstream.url, weight: 1, backup: false }]) };
  if (upstream.existingId === undefined) {
    const created = await tx.upstream.create({
      data: { organizationId, name, private: true, ...upstreamColumns(PRIVATE_UPSTREAM_SETTINGS), revision, targets },
      select: { id: true },
    });
    return created.id;
  }
  await tx.upstreamTarget.deleteMany({ where: { upstreamId: upstream.existingId, organizationId } });
  await tx.upstream.update({ where: { id_organizationId: { id: upstream.existingId, organizationId } }, data: { name, revision, targets } });
  return upstream.existingId;
}

/** Call after the locations that used them are gone: a location's upstream cannot be deleted under it. */
export async function deletePrivateUpstreams(tx: TransactionClient, organizationId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.upstream.deleteMany({ where: { organizationId, private: true, id: { in: ids } } });
}
