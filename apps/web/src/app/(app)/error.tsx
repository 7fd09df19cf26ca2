"use client";

import { Button } from "@/components/ui/button.tsx";

/** Unexpected server failures while rendering a page (details are in the server log, not shown here). */
export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto mt-8 max-w-lg rounded-2xl bg-white p-8 text-center shadow-sm ring-1 ring-zinc-200">
      <h1 className="text-lg font-semibold text-zinc-900">Something went wrong</h1>
      <p className="mt-2 text-sm text-zinc-600">
        The page could not be loaded. Try again; if it keeps failing, check the server log
        {error.digest ? ` (reference ${error.digest})` : ""}.
      </p>
      <Button variant="secondary" className="mt-6" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
