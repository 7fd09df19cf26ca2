export { createDb, databaseFile, type Db, type TransactionClient } from "./client.ts";
export type { Prisma } from "./generated/prisma/client.ts";
export { bumpRevision, currentRevision } from "./revision.ts";
export { orgHosts, type THostInputDraft, type TOrgHosts, type TOrgHostsReader } from "./hosts/org-hosts.ts";
export type { THostTlsView, THostView, TLocationView, TProxyLocationView } from "./hosts/host-view.ts";
export { orgUpstreams, type TOrgUpstreams, type TOrgUpstreamsReader, type TUpstreamInputDraft } from "./upstreams/org-upstreams.ts";
export type { TUpstreamView } from "./upstreams/upstream-view.ts";
export { getInstanceSettings, updateInstanceSettings, type TInstanceSettingsDraft } from "./settings.ts";
export {
  getInstanceAccess,
  smtpForSending,
  updateInstanceAccess,
  type TInstanceAccessDraft,
  type TInstanceAccessView,
  type TSmtpForSending,
  type TSmtpView,
} from "./instance-access.ts";
export { compileSnapshot } from "./snapshot.ts";
export { createSecretBox, type TSecretBox } from "./secrets/secret-box.ts";
export { orgCertificates, type TOrgCertificates, type TOrgCertificatesReader } from "./certificates/org-certificates.ts";
export type { TCertificateDetailView, TCertificateEventView, TCertificateView } from "./certificates/certificate-view.ts";
export {
  acmeAccountForEngine,
  getAcmeSettings,
  saveAcmeAccount,
  updateAcmeSettings,
  type TAcmeAccountForEngine,
  type TAcmeSettingsDraft,
  type TAcmeSettingsView,
} from "./certificates/acme-account.ts";
export { clearChallenges, putChallenges, type TChallengeInput } from "./certificates/acme-challenges.ts";
export {
  certificatesDue,
  claimCertificate,
  recordCertificateStep,
  recordOrderFailure,
  releaseCertificate,
  storeIssuedCertificate,
  type TDueCertificate,
} from "./certificates/certificate-engine.ts";
export {
  authenticateNode,
  listNodes,
  liveState,
  recordNodeSeen,
  registerNode,
  type TNodeStatus,
} from "./nodes.ts";
export { recordNodeReport, targetHealth, type TTargetHealthView } from "./node-reports.ts";
export { instanceOwnerId, userCount } from "./users.ts";
export { membershipBySlug, userMemberships, type TMembershipView } from "./organizations/memberships.ts";
export { createOrganization } from "./organizations/create-organization.ts";
export { orgMembers, type TMemberView, type TOrgMembers, type TOrgMembersReader } from "./members/org-members.ts";
export { LAST_OWNER_MESSAGE } from "./members/member-rules.ts";
export { orgInvitations, type TInvitationLink, type TOrgInvitations, type TOrgInvitationsReader } from "./members/org-invitations.ts";
export type { TInvitationStatus, TInvitationView } from "./members/invitation-view.ts";
export {
  acceptInvitation,
  invitationByToken,
  pendingInvitationForEmail,
  INVITATION_UNKNOWN_MESSAGE,
  INVITATION_USED_MESSAGE,
  type TInvitationByToken,
} from "./members/invitation-links.ts";
export { exportOrganization } from "./org-export/export-organization.ts";
export { applyImport, planImport, type TImportResult } from "./org-export/import-organization.ts";
export { parseOrgExport, parseOrgExportJson } from "./org-export/parse-document.ts";
// The online copy alone: the web app serves it, and must not bundle the migration files that checking
// and restoring need (those live in "@gatehouse/db/backup", for the offline scripts).
export { backupDatabase, backupsDir, fileTimestamp } from "./backup/backup-database.ts";
export { SYSTEM_ACTOR, type TActor } from "./audit/actor.ts";
export { AUDIT_TARGET_KINDS, type TAuditAction, type TAuditTargetKind } from "./audit/audit-actions.ts";
export { recordAudit, type TAuditEntry } from "./audit/record-audit.ts";
export {
  auditActors,
  listAuditEvents,
  listInstanceAuditEvents,
  type TAuditEventView,
  type TAuditFilter,
  type TAuditPage,
} from "./audit/list-audit-events.ts";
export {
  authenticateApiToken,
  createApiToken,
  listApiTokens,
  revokeApiToken,
  type TApiTokenCreation,
  type TApiTokenIdentity,
  type TApiTokenStatus,
  type TApiTokenView,
} from "./api-tokens/api-tokens.ts";
