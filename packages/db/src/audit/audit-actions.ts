/** What an audit entry is about: the filter "kind" on the audit page. */
export const AUDIT_TARGET_KINDS = ["host", "upstream", "certificate", "import", "instance-settings", "acme-account", "api-token", "member", "invitation", "organization"] as const;
export type TAuditTargetKind = (typeof AUDIT_TARGET_KINDS)[number];

/** "<kind>.<verb>": every change Gatehouse records. */
export type TAuditAction =
  | "host.create"
  | "host.update"
  | "host.delete"
  | "host.enable"
  | "host.disable"
  | "upstream.create"
  | "upstream.update"
  | "upstream.delete"
  | "certificate.upload"
  | "certificate.self-signed"
  | "certificate.delete"
  | "certificate.renew-request"
  | "certificate.issued"
  | "certificate.renewed"
  | "certificate.failed"
  | "import.apply"
  | "instance-settings.update"
  | "acme-account.update"
  | "api-token.create"
  | "api-token.revoke"
  | "member.join"
  | "member.role-change"
  | "member.remove"
  | "invitation.create"
  | "invitation.resend"
  | "invitation.revoke"
  | "organization.create"
  | "instance-access.update";
