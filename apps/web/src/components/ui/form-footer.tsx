import Link from "next/link";
import type { TFormState } from "@/lib/form-state.ts";
import { Button, buttonClasses } from "./button.tsx";

/** The submit row every form ends with: the button, an optional Cancel, and what became of the last save. */
export function FormFooter({ submitLabel, cancelHref, pending, state }: { submitLabel: string; cancelHref?: string; pending: boolean; state: TFormState }) {
  return (
    <div className="flex flex-wrap items-center gap-3 border-t border-zinc-200 pt-5">
      <Button type="submit" disabled={pending}>
        {submitLabel}
      </Button>
      {cancelHref ? (
        <Link href={cancelHref} className={buttonClasses("ghost")}>
          Cancel
        </Link>
      ) : null}
      {pending ? (
        <span className="text-sm text-zinc-500" role="status">
          Saving…
        </span>
      ) : state.ok && state.message ? (
        <span className="text-sm text-emerald-700" role="status">
          {state.message}
        </span>
      ) : !state.ok ? (
        <span className="text-sm text-red-700">Not saved: see the messages above.</span>
      ) : null}
    </div>
  );
}
