import type { TAuditAction, TAuditTargetKind } from "@gatehouse/db";

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

/** Which kinds each scope's filter offers. */
export const ORGANIZATION_KINDS: TAuditTargetKind[] = ["host", "upstream", "certificate", "import", "api-token", "member", "invitation", "organization"];
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
