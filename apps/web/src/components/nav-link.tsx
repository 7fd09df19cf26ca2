"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

/** A main-navigation link, marked current on its own page and the pages under it. */
export function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const pathname = usePathname();
  const current = pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      aria-current={current ? "page" : undefined}
      className={`rounded-md px-2.5 py-1.5 font-medium hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-600 ${
        current ? "bg-zinc-100 text-zinc-900" : "text-zinc-600 hover:text-zinc-900"
      }`}
    >
      {children}
    </Link>
  );
}
