import Link from "next/link";
import type { ReactNode } from "react";

/** A titled white card for a form page, with the way back to the host list. */
export function PageCard({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <section className="mx-auto max-w-2xl">
      <Link href="/hosts" className="rounded text-sm text-zinc-500 hover:text-zinc-800 focus-visible:outline-2 focus-visible:outline-indigo-600">
        ← Hosts
      </Link>
      <div className="mt-3 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-zinc-200 sm:p-8">
        <h1 className="text-xl font-semibold tracking-tight text-zinc-900">{title}</h1>
        {description ? <p className="mt-1 text-sm text-zinc-600">{description}</p> : null}
        <div className="mt-6">{children}</div>
      </div>
    </section>
  );
}
