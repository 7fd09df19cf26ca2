import type { ReactNode } from "react";
import { Logo } from "./logo.tsx";

/** The centred card of the signed-out pages (setup, sign-in). */
export function AuthCard({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center bg-zinc-50 px-4 py-12">
      <div className="w-full max-w-md">
        <div className="mb-8 flex justify-center">
          <Logo />
        </div>
        <div className="rounded-2xl bg-white p-8 shadow-sm ring-1 ring-zinc-200">
          <h1 className="text-xl font-semibold tracking-tight text-zinc-900">{title}</h1>
          {description ? <p className="mt-1.5 text-sm text-zinc-600">{description}</p> : null}
          <div className="mt-6">{children}</div>
        </div>
      </div>
    </main>
  );
}
