import Link from "next/link";
import type { ReactNode } from "react";

type TPageCardProps = {
  title: string;
  description?: string;
  /** The list this page belongs to, linked above the card. */
  back?: { href: string; label: string } | undefined;
  children: ReactNode;
};

/** A titled white card for a form page, with the way back to its list. */
export function PageCard({ title, description, back, children }: TPageCardProps) {
  return (
    <section className="mx-auto max-w-3xl">
      {back ? (
        <Link href={back.href} className="mb-3 inline-block rounded text-sm text-zinc-500 hover:text-zinc-800 focus-visible:outline-2 focus-visible:outline-indigo-600">
          ← {back.label}
        </Link>
      ) : null}
      <div className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-zinc-200 sm:p-8">
        <h1 className="text-xl font-semibold tracking-tight text-zinc-900">{title}</h1>
        {description ? <p className="mt-1 text-sm text-zinc-600">{description}</p> : null}
        <div className="mt-6">{children}</div>
      </div>
    </section>
  );
}
