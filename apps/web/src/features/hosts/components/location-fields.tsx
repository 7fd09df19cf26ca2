"use client";

import Link from "next/link";
import { useState, type ReactNode } from "react";
import { CheckboxField, SelectField, TextAreaField, TextField } from "@/components/ui/fields.tsx";
import { fieldError, groupError, type TFormState } from "@/lib/form-state.ts";
import { orgPath } from "@/lib/org-path.ts";
import { useOrgSlug } from "@/lib/use-org-action.ts";
import { LOCATION_KINDS, type TLocationFormValues, type TLocationKind, type TUpstreamChoice } from "../host-form-values.ts";
import { RedirectFields } from "./redirect-fields.tsx";

const KIND_LABELS: Record<TLocationKind, string> = {
  backend: "A backend URL",
  upstream: "An upstream pool",
  respond: "A fixed response",
  redirect: "A redirect",
};

/**
 * The fields of one kind. Every kind stays rendered so switching back keeps what was typed; the
 * inactive ones are disabled, which leaves them out of the submission.
 */
function KindFields({ active, children }: { active: boolean; children: ReactNode }) {
  return (
    <fieldset disabled={!active} hidden={!active} className="min-w-0 space-y-4">
      {children}
    </fieldset>
  );
}

type TLocationFieldsProps = {
  /** The location's path in the input, used as the field-name prefix: `locations.2`. */
  name: string;
  /** Unique per row, for element ids (field names repeat between a host's proxy and redirect forms). */
  idPrefix: string;
  initial: TLocationFormValues;
  upstreams: TUpstreamChoice[];
  state: TFormState;
  /** The "/" location: its path is fixed, and stripping "/" would change nothing. */
  isRoot?: boolean;
};

/** One location: its path and what requests under it get (proxy, fixed response or redirect). */
export function LocationFields({ name, idPrefix, initial, upstreams, state, isRoot = false }: TLocationFieldsProps) {
  const [kind, setKind] = useState<TLocationKind>(initial.kind);
  const organizationSlug = useOrgSlug();
  const action = `${name}.action`;
  const id = (field: string) => `${idPrefix}-${field}`;
  const rowError = groupError(state, name) ?? groupError(state, action);
  const stripPrefix = (suffix: string) =>
    isRoot ? null : (
      <CheckboxField
        id={id(`strip-${suffix}`)}
        label="Strip prefix"
        name={`${action}.stripPrefix`}
        defaultChecked={initial.stripPrefix}
        hint="Forward /api/users as /users when this location's path is /api."
      />
    );

  return (
    <div className="min-w-0 space-y-4">
      {rowError ? <p className="text-sm text-red-700">{rowError}</p> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        {isRoot ? (
          <input type="hidden" name={`${name}.path`} value="/" />
        ) : (
          <TextField
            id={id("path")}
            label="Path"
            name={`${name}.path`}
            spellCheck={false}
            autoCapitalize="none"
            placeholder="/api"
            defaultValue={initial.path}
            error={fieldError(state, `${name}.path`)}
          />
        )}
        <SelectField id={id("kind")} label="Send requests to" name={`${action}.kind`} value={kind} onChange={(event) => setKind(event.target.value as TLocationKind)}>
          {LOCATION_KINDS.map((option) => (
            <option key={option} value={option}>
              {KIND_LABELS[option]}
            </option>
          ))}
        </SelectField>
      </div>

      <KindFields active={kind === "backend"}>
        <TextField
          id={id("backend-url")}
          label="Backend URL"
          name={`${action}.backendUrl`}
          type="url"
          spellCheck={false}
          autoCapitalize="none"
          placeholder="http://10.0.0.5:8080"
          hint="Scheme, host and port of the service that answers these requests."
          defaultValue={initial.backendUrl}
          error={fieldError(state, `${action}.backendUrl`)}
        />
        {stripPrefix("backend")}
      </KindFields>

      <KindFields active={kind === "upstream"}>
        <SelectField
          id={id("upstream")}
          label="Upstream pool"
          name={`${action}.upstreamId`}
          defaultValue={initial.upstreamId}
          error={fieldError(state, `${action}.upstreamId`)}
        >
          <option value="">Choose a pool…</option>
          {upstreams.map((upstream) => (
            <option key={upstream.id} value={upstream.id}>
              {upstream.name}
            </option>
          ))}
        </SelectField>
        {upstreams.length === 0 ? (
          <p className="text-xs text-zinc-500">
            No pools yet.{" "}
            <Link href={orgPath(organizationSlug, "/upstreams/new")} className="font-medium text-indigo-600 hover:text-indigo-500">
              Create one
            </Link>{" "}
            to balance requests over several targets.
          </p>
        ) : null}
        {stripPrefix("upstream")}
      </KindFields>

      <KindFields active={kind === "respond"}>
        <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
          <TextField
            id={id("respond-status")}
            label="Status"
            name={`${action}.status`}
            type="number"
            min={200}
            max={599}
            defaultValue={initial.respondStatus}
            error={fieldError(state, `${action}.status`)}
          />
          <TextField
            id={id("content-type")}
            label="Content type"
            name={`${action}.contentType`}
            spellCheck={false}
            placeholder="text/plain; charset=utf-8"
            defaultValue={initial.contentType}
            error={fieldError(state, `${action}.contentType`)}
          />
        </div>
        <TextAreaField id={id("body")} label="Body" name={`${action}.body`} rows={3} defaultValue={initial.body} error={fieldError(state, `${action}.body`)} />
      </KindFields>

      <KindFields active={kind === "redirect"}>
        <RedirectFields action={action} idPrefix={idPrefix} initial={initial} state={state} />
      </KindFields>
    </div>
  );
}
