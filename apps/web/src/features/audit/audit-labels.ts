import type { TAuditAction, TAuditTargetKind } from "@gatehouse/db";
import { can, type TPermission } from "@gatehouse/shared";

export const AUDIT_KIND_LABELS: Record<TAuditTargetKind, string> = {
  host: "Hosts",
  upstream: "Upstreams",
  certificate: "Certificates",
  import: "Imports",
  "instance-settings": "Instance settings",
  "acme-account": "ACME account",
  "api-token": "API tokens",
  member: "Members",
  invitation: "Invitations",
  organization: "Organization",
};

/**
 * What a member must be allowed to read to see an organization entry of each kind: the log never
 * shows more than the pages do (pending invitees' emails to owners and admins only, tokens to those
 * who may see tokens, imports to those who may import).
 */
const ORGANIZATION_KIND_PERMISSION = {
  host: "host:read",
  upstream: "upstream:read",
  certificate: "certificate:read",
  import: "organization:transfer",
  "api-token": "token:read",
  member: "member:read",
  invitation: "member:write",
  organization: "member:read",
} as const satisfies Partial<Record<TAuditTargetKind, TPermission>>;

/** The organization kinds a role may see, in the filter's order. */
export function organizationKindsFor(role: string): TAuditTargetKind[] {
  return (Object.keys(ORGANIZATION_KIND_PERMISSION) as (keyof typeof ORGANIZATION_KIND_PERMISSION)[]).filter((kind) =>
    can(role, ORGANIZATION_KIND_PERMISSION[kind]),
  );
}
export const INSTANCE_KINDS: TAuditTargetKind[] = ["instance-settings", "acme-account"];

export const AUDIT_ACTION_LABELS: Record<TAuditAction, string> = {
  "host.create": "Created host",
  "host.update": "Changed host",
  "host.delete": "Deleted host",
  "host.enable": "Enabled host",
  "host.disable": "Disabled host",
  "upstream.create": "Created upstream",
  "upstream.update": "Changed upstream",
  "upstream.delete": "Deleted upstream",
  "certificate.upload": "Uploaded certificate",
  "certificate.self-signed": "Created self-signed certificate",
  "certificate.delete": "Deleted certificate",
  "certificate.renew-request": "Requested renewal",
  "certificate.issued": "Certificate issued",
  "certificate.renewed": "Certificate renewed",
  "certificate.failed": "Certificate order failed",
  "import.apply": "Imported configuration",
  "instance-settings.update": "Changed instance settings",
  "api-token.create": "Created API token",
  "api-token.revoke": "Revoked API token",
  "acme-account.update": "Changed ACME account",
  "member.join": "Joined organization",
  "member.role-change": "Changed member's role",
  "member.remove": "Removed member",
  "invitation.create": "Invited",
  "invitation.resend": "Resent invitation",
  "invitation.revoke": "Revoked invitation",
  "organization.create": "Created organization",
  "instance-access.update": "Changed registration or email settings",
};
