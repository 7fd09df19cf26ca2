import { InvitationRowView, type TInvitationRow } from "./invitation-row.tsx";

export type { TInvitationRow, TInvitationStatus } from "./invitation-row.tsx";

/** Invitations of the organization (shown to member:write only), newest first, with Resend and Revoke while they can still be used. */
export function InvitationList({ invitations }: { invitations: TInvitationRow[] }) {
  if (invitations.length === 0) {
    return <p className="rounded-2xl border border-dashed border-zinc-300 bg-white px-6 py-8 text-center text-sm text-zinc-600">No invitations yet.</p>;
  }
  return (
    <div className="overflow-x-auto rounded-2xl bg-white shadow-sm ring-1 ring-zinc-200">
      <table className="w-full min-w-[48rem] text-sm">
        <thead className="bg-zinc-50 text-left text-xs font-medium uppercase tracking-wide text-zinc-500">
          <tr>
            <th className="px-4 py-2.5">Email</th>
            <th className="px-4 py-2.5">Role</th>
            <th className="px-4 py-2.5">Status</th>
            <th className="px-4 py-2.5">Expires</th>
            <th className="whitespace-nowrap px-4 py-2.5">Invited by</th>
            <th className="px-4 py-2.5">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        {invitations.map((invitation) => (
          // One tbody per invitation: its row and the row that shows a resent link stay together.
          <tbody key={invitation.id} className="border-t border-zinc-200">
            <InvitationRowView invitation={invitation} />
          </tbody>
        ))}
      </table>
    </div>
  );
}
