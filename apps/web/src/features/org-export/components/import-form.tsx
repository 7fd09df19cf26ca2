"use client";

import { startTransition, useState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { FormAlert } from "@/components/ui/form-alert.tsx";
import { INITIAL_FORM_STATE } from "@/lib/form-state.ts";
import { useOrgAction } from "@/lib/use-org-action.ts";
import { importOrganization, type TImportState } from "../actions.ts";
import { ImportPlanTable } from "./import-plan-table.tsx";

const INITIAL_STATE: TImportState = { ...INITIAL_FORM_STATE, result: null };

/**
 * Choosing a file runs the dry run at once; "Apply import" sends the same text again and the server
 * re-checks everything in the transaction that writes it. The button stays disabled while any line is
 * refused, or when there is nothing to do.
 */
export function ImportForm() {
  const [state, dispatch, pending] = useOrgAction(importOrganization, INITIAL_STATE);
  const [fileText, setFileText] = useState<string | null>(null);

  function send(text: string, mode: "check" | "apply") {
    const formData = new FormData();
    formData.set("document", text);
    formData.set("mode", mode);
    startTransition(() => dispatch(formData));
  }

  const { result } = state;
  const nothingToDo = result !== null && result.create.length + result.change.length === 0;
  const canApply = fileText !== null && result !== null && !result.applied && result.refuse.length === 0 && !nothingToDo && !pending;

  return (
    <div className="space-y-5">
      <label className="block space-y-1.5">
        <span className="block text-sm font-medium text-zinc-800">Export file</span>
        <input
          type="file"
          accept="application/json,.json"
          className="block text-sm text-zinc-700 file:mr-3 file:rounded-lg file:border-0 file:bg-zinc-100 file:px-3 file:py-2 file:text-sm file:font-medium file:text-zinc-800 hover:file:bg-zinc-200"
          onChange={async (event) => {
            const file = event.currentTarget.files?.[0];
            if (!file) return;
            const text = await file.text();
            setFileText(text);
            send(text, "check");
          }}
        />
        <span className="block text-xs text-zinc-500">
          A file made with Export, here or on another Gatehouse. Choosing it only checks it: nothing changes until you apply.
        </span>
      </label>

      <FormAlert state={state} />
      {pending ? (
        <p role="status" className="text-sm text-zinc-500">
          Checking…
        </p>
      ) : null}
      {state.ok && state.message ? (
        <p role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          {state.message}
        </p>
      ) : null}
      {result && !result.applied && nothingToDo && result.refuse.length === 0 ? (
        <p className="text-sm text-zinc-600">Everything in this file is already here: there is nothing to import.</p>
      ) : null}
      {result ? <ImportPlanTable plan={result} applied={result.applied} /> : null}

      <div className="flex flex-wrap items-center gap-3 border-t border-zinc-200 pt-5">
        <Button type="button" disabled={!canApply} onClick={() => fileText !== null && send(fileText, "apply")}>
          Apply import
        </Button>
        {result && result.refuse.length > 0 ? (
          <span className="text-sm text-red-700">Fix the refused lines (in the file or here), then choose the file again.</span>
        ) : null}
      </div>
    </div>
  );
}
