import type { TAuditEventView } from "@gatehouse/db";
import { AUDIT_ACTION_LABELS } from "../audit-labels.ts";
import { AuditChangeTable } from "./audit-change-table.tsx";

const COLUMNS = "grid grid-cols-[14rem_minmax(0,1fr)_minmax(0,1.2fr)_minmax(0,1.2fr)_9rem] gap-4";

/** Times in UTC, to the second: the same on every screen, and what the date filter means. */
const utc = (date: Date) => `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;

function Entry({ event }: { event: TAuditEventView }) {
  return (
    <details className="group">
      <summary className={`${COLUMNS} cursor-pointer list-none px-5 py-2.5 text-sm hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-indigo-600`}>
        <span className="flex items-center gap-2 whitespace-nowrap tabular-nums text-zinc-600">
          <svg aria-hidden="true" viewBox="0 0 20 20" className="size-3.5 shrink-0 text-zinc-400 transition-transform group-open:rotate-90" fill="currentColor">
            <path d="M7 5l6 5-6 5V5z" />
          </svg>
          <time dateTime={event.createdAt.toISOString()}>{utc(event.createdAt)}</time>
        </span>
        <span className="truncate text-zinc-900" title={event.actorLabel}>
          {event.actorLabel}
          {event.actorTokenId !== null ? <span className="ml-1.5 rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-600">API</span> : null}
        </span>
        <span className="truncate font-medium text-zinc-900">{AUDIT_ACTION_LABELS[event.action]}</span>
        <span className="truncate text-zinc-700" title={event.targetLabel}>
          {event.targetLabel}
        </span>
        <span className="truncate font-mono text-xs leading-5 text-zinc-500" title={event.ip ?? undefined}>
          {event.ip ?? "—"}
        </span>
      </summary>
      <div className="border-t border-zinc-100 bg-zinc-50/60 px-5 py-3 sm:pl-[16.25rem]">
        <AuditChangeTable before={event.before} after={event.after} />
      </div>
    </details>
  );
}

/** The entries, newest first; each opens to what it changed. */
export function AuditLog({ events }: { events: TAuditEventView[] }) {
  if (events.length === 0) {
    return (
      <div className="rounded-2xl border border-dashed border-zinc-300 bg-white px-6 py-14 text-center">
        <h2 className="text-base font-semibold text-zinc-900">No entries</h2>
        <p className="mx-auto mt-1 max-w-sm text-sm text-zinc-600">Nothing was changed that matches these filters. Clear them to see every change.</p>
      </div>
    );
  }
  return (
    <div className="overflow-x-auto rounded-2xl bg-white shadow-sm ring-1 ring-zinc-200">
      <div className="min-w-[56rem]">
        <div aria-hidden="true" className={`${COLUMNS} bg-zinc-50 px-5 py-2 text-left text-xs font-medium uppercase tracking-wide text-zinc-500`}>
          <span className="pl-5">When</span>
          <span>Who</span>
          <span>Action</span>
          <span>Target</span>
          <span>IP</span>
        </div>
        <ul className="divide-y divide-zinc-100 border-t border-zinc-200">
          {events.map((event) => (
            <li key={event.id}>
              <Entry event={event} />
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
