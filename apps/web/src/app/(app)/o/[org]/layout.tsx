import { can } from "@gatehouse/shared";
import type { ReactNode } from "react";
import { NavLink } from "@/components/nav-link.tsx";
import { orgPath } from "@/lib/org-path.ts";
import { rememberActiveOrganization, requireMember } from "@/server/session.ts";

/**
 * Every organization page: the organization comes from the URL, never from the session. Not a member:
 * 404. Visiting makes it the session's active organization, where "/" returns to.
 */
export default async function OrganizationLayout({ children, params }: { children: ReactNode; params: Promise<{ org: string }> }) {
  const { membership } = await requireMember((await params).org);
  await rememberActiveOrganization(membership);
  const { organizationSlug: slug, role } = membership;
  return (
    <>
      <div className="border-b border-zinc-200 bg-white">
        <nav aria-label="Organization" className="mx-auto flex max-w-6xl flex-wrap gap-1 px-6 py-2 text-sm">
          <NavLink href={orgPath(slug, "/hosts")}>Hosts</NavLink>
          <NavLink href={orgPath(slug, "/upstreams")}>Upstreams</NavLink>
          <NavLink href={orgPath(slug, "/certificates")}>Certificates</NavLink>
          {can(role, "member:read") ? <NavLink href={orgPath(slug, "/members")}>Members</NavLink> : null}
          <NavLink href={orgPath(slug, "/audit")}>Audit log</NavLink>
          {can(role, "token:read") ? <NavLink href={orgPath(slug, "/api-tokens")}>API tokens</NavLink> : null}
          {can(role, "organization:transfer") ? <NavLink href={orgPath(slug, "/organization/export")}>Export / import</NavLink> : null}
        </nav>
      </div>
      <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
    </>
  );
}
