import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button.tsx";
import { AuditFilters } from "@/features/audit/components/audit-filters.tsx";
import { AuditLog } from "@/features/audit/components/audit-log.tsx";
import { auditHref, parseAuditSearch } from "@/features/audit/audit-search-params.ts";
import { auditOverview } from "@/features/audit/queries.ts";
import { orgPath } from "@/lib/org-path.ts";
import { requireMember } from "@/server/session.ts";

export const metadata: Metadata = { title: "Audit log" };

type TAuditPageProps = { params: Promise<{ org: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

function ScopeTabs({ auditPath, scope, organizationName }: { auditPath: string; scope: "organization" | "instance"; organizationName: string }) {
  const tab = (active: boolean) =>
    `rounded-md px-3 py-1.5 text-sm font-medium ${active ? "bg-white text-zinc-900 shadow-sm ring-1 ring-zinc-200" : "text-zinc-600 hover:text-zinc-900"}`;
  return (
    <nav aria-label="Audit log scope" className="mb-4 inline-flex gap-1 rounded-lg bg-zinc-100 p-1">
      <Link href={auditPath} aria-current={scope === "organization" ? "page" : undefined} className={tab(scope === "organization")}>
        {organizationName}
      </Link>
      <Link href={`${auditPath}?scope=instance`} aria-current={scope === "instance" ? "page" : undefined} className={tab(scope === "instance")}>
        Instance
      </Link>
    </nav>
  );
}

export default async function AuditPage({ params, searchParams }: TAuditPageProps) {
  const { membership } = await requireMember((await params).org, "host:read");
  const auditPath = orgPath(membership.organizationSlug, "/audit");
  const search = parseAuditSearch(await searchParams);
  const { scope, page, people, kinds, canSeeInstance, organizationName } = await auditOverview(membership, search);
  return (
    <>
      <div className="mb-6">
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Audit log</h1>
        <p className="mt-1 text-sm text-zinc-600">
          {scope === "instance"
            ? "Changes to what applies to every organization: instance settings and the ACME account."
            : "Every change in this organization you may see (hosts, upstreams, certificates, members, and for owners and admins invitations and API tokens): who made it, when, from where, and what it changed. Open an entry to see the changed fields."}
        </p>
      </div>
      {canSeeInstance ? <ScopeTabs auditPath={auditPath} scope={scope} organizationName={organizationName} /> : null}
      <AuditFilters auditPath={auditPath} search={search} people={people} kinds={kinds} />
      <AuditLog events={page.events} />
      {search.cursor !== undefined || page.nextCursor !== null ? (
        <nav aria-label="Pages" className="mt-4 flex justify-between">
          {search.cursor !== undefined ? (
            <Link href={auditHref(auditPath, search, { cursor: undefined })} className={buttonClasses("secondary")}>
              ← Newest
            </Link>
          ) : (
            <span />
          )}
          {page.nextCursor !== null ? (
            <Link href={auditHref(auditPath, search, { cursor: page.nextCursor })} className={buttonClasses("secondary")}>
              Older entries →
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}
