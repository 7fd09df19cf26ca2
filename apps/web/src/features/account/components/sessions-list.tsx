import type { TAccountSession } from "../queries.ts";
import { RevokeOtherSessionsButton, RevokeSessionButton } from "./session-actions.tsx";

const WHEN = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** The user's signed-in browsers and devices; any but this one can be signed out from here. */
export function SessionsList({ sessions }: { sessions: TAccountSession[] }) {
  return (
    <div className="space-y-4">
      <ul className="divide-y divide-zinc-200 rounded-lg ring-1 ring-zinc-200">
        {sessions.map((session) => (
          <li key={session.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
            <div className="min-w-0 text-sm">
              <p className="truncate font-medium text-zinc-900" title={session.userAgent ?? undefined}>
                {session.userAgent ?? "Unknown device"}
                {session.current ? <span className="ml-2 rounded bg-emerald-50 px-1.5 py-0.5 text-xs text-emerald-700">This session</span> : null}
              </p>
              <p className="text-zinc-500">
                {session.ipAddress ?? "IP unknown"} · signed in {WHEN.format(session.createdAt)} UTC · last active {WHEN.format(session.lastActiveAt)} UTC
              </p>
            </div>
            {session.current ? null : <RevokeSessionButton sessionId={session.id} />}
          </li>
        ))}
      </ul>
      {sessions.length > 1 ? <RevokeOtherSessionsButton /> : null}
    </div>
  );
}
