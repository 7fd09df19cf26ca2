import type { TApiTokenStatus, TApiTokenView } from "@gatehouse/db";
import { Badge, type TBadgeTone } from "@/components/ui/badge.tsx";
import { OrgConfirmButton } from "@/components/org-confirm-button.tsx";
import { revokeApiTokenAction } from "../actions.ts";

const STATUS: Record<TApiTokenStatus, { tone: TBadgeTone; label: string }> = {
  active: { tone: "green", label: "Active" },
  expired: { tone: "grey", label: "Expired" },
  revoked: { tone: "red", label: "Revoked" },
};

const DATE = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });
const DATE_TIME = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** The organization's tokens: who made each, what it may do, and when it was last used. */
export function ApiTokenList({ tokens, canWrite }: { tokens: TApiTokenView[]; canWrite: boolean }) {
  if (tokens.length === 0) {
    return <p className="rounded-2xl border border-dashed border-zinc-300 bg-white px-6 py-10 text-center text-sm text-zinc-600">No API tokens yet.</p>;
  }
  return (
    <div className="overflow-x-auto rounded-2xl bg-white shadow-sm ring-1 ring-zinc-200">
      <table className="w-full min-w-[52rem] text-sm">
        <thead className="bg-zinc-50 text-left text-xs font-medium uppercase tracking-wide text-zinc-500">
          <tr>
            <th className="px-4 py-2.5">Name</th>
            <th className="px-4 py-2.5">Role</th>
            <th className="px-4 py-2.5">Token</th>
            <th className="px-4 py-2.5">Created by</th>
            <th className="px-4 py-2.5">Expires (UTC)</th>
            <th className="px-4 py-2.5">Last used (UTC)</th>
            <th className="px-4 py-2.5">Status</th>
            {canWrite ? <th className="px-4 py-2.5"><span className="sr-only">Actions</span></th> : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200">
          {tokens.map((token) => (
            <tr key={token.id} className="align-top">
              <td className="px-4 py-3 font-medium text-zinc-900">{token.name}</td>
              <td className="px-4 py-3 text-zinc-700">{token.role}</td>
              <td className="px-4 py-3 font-mono text-zinc-600">{token.prefix}…</td>
              <td className="px-4 py-3 text-zinc-700">{token.createdBy ? token.createdBy.name || token.createdBy.email : "A removed user"}</td>
              <td className="px-4 py-3 text-zinc-700">{token.expiresAt ? DATE.format(token.expiresAt) : "Never"}</td>
              <td className="px-4 py-3 text-zinc-700">{token.lastUsedAt ? DATE_TIME.format(token.lastUsedAt) : "Never"}</td>
              <td className="px-4 py-3">
                <Badge tone={STATUS[token.status].tone}>{STATUS[token.status].label}</Badge>
              </td>
              {canWrite ? (
                <td className="px-4 py-3 text-right">
                  {token.status === "active" ? (
                    <OrgConfirmButton action={revokeApiTokenAction} id={token.id} verb="Revoke" target={token.name} inline>
                      Revoke {token.name}? Requests with it are refused at once.
                    </OrgConfirmButton>
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
