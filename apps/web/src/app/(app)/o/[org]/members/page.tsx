import { orgInvitations, orgMembers, type TMembershipView } from "@gatehouse/db";
import { can, isRole, ROLES, roleWithin } from "@gatehouse/shared";
import type { Metadata } from "next";
import { InvitationList, type TInvitationRow } from "@/features/members/components/invitation-list.tsx";
import { InviteForm } from "@/features/members/components/invite-form.tsx";
import { MemberList, type TMemberRow } from "@/features/members/components/member-list.tsx";
import { relativeTime } from "@/lib/relative-time.ts";
import { getDb } from "@/server/db.ts";
import { requireMember } from "@/server/session.ts";

export const metadata: Metadata = { title: "Members" };

/**
 * Who may do what on this page. Controls are hidden where the role cannot use them (the server checks
 * again): member:write for changes, and only on members whose role is not above the viewer's own.
 */
async function membersOverview(membership: TMembershipView) {
  const db = getDb();
  const now = new Date();
  const canWrite = can(membership.role, "member:write");
  const [members, invitations] = await Promise.all([
    orgMembers(db, membership.organizationId).list(),
    canWrite ? orgInvitations(db, membership.organizationId).list(now) : Promise.resolve([]),
  ]);
  const owners = members.filter((member) => member.role === "owner").length;
  const memberRows: TMemberRow[] = members.map((member) => {
    const self = member.userId === membership.userId;
    return {
      ...member,
      self,
      mayLeave: self && !(member.role === "owner" && owners === 1),
      // Their own role too: an owner may step down while another owner remains (the server keeps the last one).
      manageable: canWrite && (roleWithin(member.role, membership.role) || !isRole(member.role)),
    };
  });
  const invitationRows: TInvitationRow[] = invitations.map((invitation) => ({
    id: invitation.id,
    email: invitation.email,
    role: invitation.role,
    status: invitation.status,
    expires: invitation.status === "pending" || invitation.status === "expired" ? relativeTime(invitation.expiresAt, now) : null,
    invitedBy: invitation.invitedBy.name.trim() || invitation.invitedBy.email,
    manageable: roleWithin(invitation.role, membership.role),
  }));
  return { memberRows, invitationRows, canWrite, grantableRoles: canWrite ? ROLES.filter((role) => roleWithin(role, membership.role)) : [] };
}

export default async function MembersPage({ params }: { params: Promise<{ org: string }> }) {
  const { membership } = await requireMember((await params).org, "member:read");
  const { memberRows, invitationRows, canWrite, grantableRoles } = await membersOverview(membership);
  return (
    <>
      <div className="mb-6">
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Members</h1>
        <p className="mt-1 text-sm text-zinc-600">
          Who works in {membership.organizationName}. Owners and admins manage hosts, upstreams, certificates, members and API tokens; editors
          manage hosts, upstreams and certificates; viewers only look.
        </p>
      </div>
      <section aria-labelledby="member-list" className="mb-8">
        <h2 id="member-list" className="sr-only">
          Member list
        </h2>
        <MemberList members={memberRows} grantableRoles={grantableRoles} organizationName={membership.organizationName} />
      </section>
      {canWrite ? (
        <>
          <section aria-labelledby="invite" className="mb-8 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-zinc-200">
            <h2 id="invite" className="text-base font-semibold text-zinc-900">
              Invite someone
            </h2>
            <p className="mb-4 mt-1 text-sm text-zinc-600">They get a link to join; without an account, they create one from it.</p>
            <InviteForm roles={grantableRoles} />
          </section>
          <section aria-labelledby="invitations">
            <h2 id="invitations" className="mb-3 text-base font-semibold text-zinc-900">
              Invitations
            </h2>
            <InvitationList invitations={invitationRows} />
          </section>
        </>
      ) : null}
    </>
  );
}
