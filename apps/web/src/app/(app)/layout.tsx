import Link from "next/link";
import type { ReactNode } from "react";
import { Logo } from "@/components/logo.tsx";
import { NavLink } from "@/components/nav-link.tsx";
import { SignOutButton } from "@/features/auth/components/sign-out-button.tsx";
import { OrganizationSwitcher } from "@/features/organizations/components/organization-switcher.tsx";
import { requireViewer, viewerIsInstanceOwner, viewerMemberships } from "@/server/session.ts";

/** The signed-in shell: organization pages (under /o/[org]) add their own navigation below it. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const viewer = await requireViewer();
  const [isInstanceOwner, memberships] = await Promise.all([viewerIsInstanceOwner(), viewerMemberships()]);
  const organizations = memberships.map(({ organizationSlug, organizationName, role }) => ({ slug: organizationSlug, name: organizationName, role }));
  return (
    <div className="min-h-screen">
      <header className="border-b border-zinc-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-3 px-6 py-3">
          <Link href="/" className="rounded focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-indigo-600">
            <Logo />
          </Link>
          <OrganizationSwitcher organizations={organizations} canCreate={isInstanceOwner} />
          <div className="ml-auto flex flex-wrap items-center gap-4 text-sm">
            {isInstanceOwner ? (
              <nav aria-label="Instance" className="flex gap-1">
                <NavLink href="/nodes">Proxy nodes</NavLink>
                <NavLink href="/settings">Settings</NavLink>
              </nav>
            ) : null}
            <Link href="/account" className="text-zinc-500 hover:text-zinc-800 hover:underline">
              {viewer.user.email}
            </Link>
            <SignOutButton />
          </div>
        </div>
      </header>
      {children}
    </div>
  );
}
