"use client";

import Link from "next/link";
import { useParams, usePathname } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { orgPath } from "@/lib/org-path.ts";

export type TSwitcherOrganization = { slug: string; name: string; role: string };

type TOrganizationSwitcherProps = {
  organizations: TSwitcherOrganization[];
  /** The instance owner may create organizations ("New organization" at the end of the list). */
  canCreate: boolean;
};

/**
 * The current organization (the one the URL names) and the user's role in it; opens a list of every
 * organization of the user. A disclosure of plain links (not an ARIA menu): Tab moves through them,
 * Escape closes and returns focus to the button, as does a click outside or a navigation.
 */
export function OrganizationSwitcher({ organizations, canCreate }: TOrganizationSwitcherProps) {
  const { org } = useParams<{ org?: string }>();
  const pathname = usePathname();
  const current = organizations.find((organization) => organization.slug === org) ?? null;
  const [open, setOpen] = useState(false);
  const listId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => setOpen(false), [pathname]);
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener("pointerdown", onPointerDown);
    document.addEventListener("keydown", onKeyDown);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown);
      document.removeEventListener("keydown", onKeyDown);
    };
  }, [open]);

  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((value) => !value)}
        className="flex items-center gap-2 rounded-lg px-2.5 py-1.5 text-left text-sm ring-1 ring-zinc-200 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        <span className="sr-only">Organization: </span>
        <span className="font-medium text-zinc-900">{current?.name ?? "Choose organization"}</span>
        {current ? <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs font-medium text-zinc-600">{current.role}</span> : null}
        <svg aria-hidden="true" viewBox="0 0 20 20" className={`size-4 text-zinc-500 transition-transform ${open ? "rotate-180" : ""}`} fill="currentColor">
          <path d="M5.2 7.2a.75.75 0 0 1 1.06 0L10 10.94l3.74-3.74a.75.75 0 1 1 1.06 1.06l-4.27 4.27a.75.75 0 0 1-1.06 0L5.2 8.26a.75.75 0 0 1 0-1.06Z" />
        </svg>
      </button>
      <div
        id={listId}
        hidden={!open}
        className="absolute left-0 z-20 mt-2 w-72 rounded-xl bg-white p-2 shadow-lg ring-1 ring-zinc-200"
      >
        <nav aria-label="Your organizations">
          <p className="px-2 pb-1 pt-1 text-xs font-medium uppercase tracking-wide text-zinc-500">Your organizations</p>
          <ul className="space-y-0.5">
            {organizations.map((organization) => {
              const isCurrent = organization.slug === current?.slug;
              return (
                <li key={organization.slug}>
                  {/* No prefetch: opening an organization also makes it the session's active one. */}
                  <Link
                    href={orgPath(organization.slug, "/hosts")}
                    prefetch={false}
                    aria-current={isCurrent ? "page" : undefined}
                    className={`flex items-center justify-between gap-3 rounded-lg px-2 py-2 text-sm hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-600 ${
                      isCurrent ? "bg-indigo-50 font-medium text-indigo-900" : "text-zinc-800"
                    }`}
                  >
                    <span className="truncate">{organization.name}</span>
                    <span className="shrink-0 text-xs text-zinc-500">{organization.role}</span>
                  </Link>
                </li>
              );
            })}
          </ul>
          {canCreate ? (
            <Link
              href="/organizations/new"
              className="mt-1 block rounded-lg border-t border-zinc-100 px-2 py-2 text-sm font-medium text-indigo-600 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
            >
              + New organization
            </Link>
          ) : null}
        </nav>
      </div>
    </div>
  );
}
