import type { TRole } from "@gatehouse/shared";
import { OrgConfirmButton } from "@/components/org-confirm-button.tsx";
import { leaveOrganizationAction, removeMemberAction } from "../actions.ts";
import { MemberRoleForm } from "./member-role-form.tsx";
import { roleLabel } from "./role-labels.ts";

export type TMemberRow = {
  id: string;
  name: string;
  email: string;
  role: string;
  joinedAt: Date;
  /** The viewer's own row: "Leave organization" instead of Remove. */
  self: boolean;
  /** Leave is offered unless the viewer is the organization's only owner (the server refuses that anyway). */
  mayLeave: boolean;
  /** The viewer may change this member's role and remove them (member:write, their role within the viewer's). */
  manageable: boolean;
};

const DATE = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

/** The organization's members. Controls appear only where the viewer's role allows them; the server checks again. */
export function MemberList({ members, grantableRoles, organizationName }: { members: TMemberRow[]; grantableRoles: TRole[]; organizationName: string }) {
  const withActions = members.some((member) => member.mayLeave || member.manageable);
  return (
    <div className="overflow-x-auto rounded-2xl bg-white shadow-sm ring-1 ring-zinc-200">
      <table className="w-full min-w-[44rem] text-sm">
        <thead className="bg-zinc-50 text-left text-xs font-medium uppercase tracking-wide text-zinc-500">
          <tr>
            <th className="px-4 py-2.5">Name</th>
            <th className="px-4 py-2.5">Email</th>
            <th className="px-4 py-2.5">Role</th>
            <th className="px-4 py-2.5">Joined (UTC)</th>
            {withActions ? (
              <th className="px-4 py-2.5">
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200">
          {members.map((member) => {
            const name = member.name || member.email;
            return (
              <tr key={member.id} className="align-top">
                <td className="px-4 py-3 font-medium text-zinc-900">
                  {name}
                  {member.self ? <span className="ml-2 text-xs font-normal text-zinc-500">(you)</span> : null}
                </td>
                <td className="px-4 py-3 text-zinc-700">{member.email}</td>
                <td className="px-4 py-3 text-zinc-700">
                  {member.manageable ? <MemberRoleForm memberId={member.id} memberName={name} role={member.role} roles={grantableRoles} /> : roleLabel(member.role)}
                </td>
                <td className="px-4 py-3 text-zinc-700">{DATE.format(member.joinedAt)}</td>
                {withActions ? (
                  <td className="px-4 py-3 text-right">
                    {member.self && member.mayLeave ? (
                      <OrgConfirmButton action={leaveOrganizationAction} id={member.id} verb="Leave organization" inline>
                        Leave {organizationName}? You lose access to its hosts at once; only a new invitation brings you back.
                      </OrgConfirmButton>
                    ) : member.manageable && !member.self ? (
                      <OrgConfirmButton action={removeMemberAction} id={member.id} verb="Remove" target={name} inline>
                        Remove {name} from {organizationName}? They lose access at once.
                      </OrgConfirmButton>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
