import Link from "next/link";
import type { TAuditTargetKind } from "@gatehouse/db";
import { Button, buttonClasses } from "@/components/ui/button.tsx";
import { SelectField, TextField } from "@/components/ui/fields.tsx";
import { AUDIT_KIND_LABELS } from "../audit-labels.ts";
import { auditHref, type TAuditSearch } from "../audit-search-params.ts";

type TAuditFiltersProps = {
  /** The organization's audit page, where the form sends the filters. */
  auditPath: string;
  search: TAuditSearch;
  people: { userId: string; label: string }[];
  kinds: TAuditTargetKind[];
};

/** A plain GET form: the filters live in the URL, so a filtered view can be bookmarked and shared. */
export function AuditFilters({ auditPath, search, people, kinds }: TAuditFiltersProps) {
  const { values } = search;
  return (
    <form method="get" action={auditPath} aria-label="Filter the audit log" className="mb-4 grid gap-3 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-zinc-200 sm:grid-cols-[1fr_1fr_auto_auto_auto] sm:items-end">
      {values.scope ? <input type="hidden" name="scope" value={values.scope} /> : null}
      <SelectField name="person" label="Person" defaultValue={values.person ?? ""}>
        <option value="">Everyone</option>
        {people.map((person) => (
          <option key={person.userId} value={person.userId}>
            {person.label}
          </option>
        ))}
      </SelectField>
      <SelectField name="kind" label="Kind" defaultValue={values.kind ?? ""}>
        <option value="">All kinds</option>
        {kinds.map((kind) => (
          <option key={kind} value={kind}>
            {AUDIT_KIND_LABELS[kind]}
          </option>
        ))}
      </SelectField>
      <TextField name="from" type="date" label="From (UTC)" defaultValue={values.from ?? ""} />
      <TextField name="to" type="date" label="To (UTC)" defaultValue={values.to ?? ""} />
      <div className="flex gap-2">
        <Button type="submit">Filter</Button>
        <Link href={auditHref(auditPath, { values: { ...(values.scope ? { scope: values.scope } : {}) } }, {})} className={buttonClasses("ghost")}>
          Clear
        </Link>
      </div>
    </form>
  );
}
