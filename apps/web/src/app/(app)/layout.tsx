import { can } from "@gatehouse/shared";
import Link from "next/link";
import type { ReactNode } from "react";
import { Logo } from "@/components/logo.tsx";
import { NavLink } from "@/components/nav-link.tsx";
import { SignOutButton } from "@/features/auth/components/sign-out-button.tsx";
import { requireViewer, viewerIsInstanceOwner } from "@/server/session.ts";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const viewer = await requireViewer();
  const isInstanceOwner = await viewerIsInstanceOwner();
  return (
    <div className="min-h-screen">
      <header className="border-b border-zinc-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-3 px-6 py-3">
          <Link href="/hosts" className="rounded focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-indigo-600">
            <Logo />
          </Link>
          <nav aria-label="Main" className="flex gap-1 text-sm">
            <NavLink href="/hosts">Hosts</NavLink>
            <NavLink href="/upstreams">Upstreams</NavLink>
            <NavLink href="/certificates">Certificates</NavLink>
            <NavLink href="/audit">Audit log</NavLink>
            {can(viewer.membership.role, "token:read") ? <NavLink href="/api-tokens">API tokens</NavLink> : null}
            {can(viewer.membership.role, "organization:transfer") ? <NavLink href="/organization/export">Export / import</NavLink> : null}
            {isInstanceOwner ? <NavLink href="/settings">Settings</NavLink> : null}
          </nav>
          <div className="ml-auto flex flex-wrap items-center gap-4">
            <div className="text-right text-sm leading-tight">
              <p className="font-medium text-zinc-900">{viewer.membership.organizationName}</p>
              <Link href="/account" className="text-zinc-500 hover:text-zinc-800 hover:underline">{viewer.user.email}</Link>
            </div>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
    </div>
  );
}
