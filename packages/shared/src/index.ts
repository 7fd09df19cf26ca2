export { ZDomain, domainProblem, normalizeDomain } from "./domain.ts";
export { ZBackendUrl, backendUrlProblem } from "./backend-url.ts";
export * from "./proxy-config/index.ts";
export { ZNodeReport, ZTargetHealthReport, type TNodeReport, type TTargetHealthReport } from "./node-report.ts";
export { ZCidr, cidrProblem } from "./cidr.ts";
export { ZDomainPattern, domainPatternProblem, isWildcard } from "./domain-pattern.ts";
export {
  ZHostInput,
  ZLocationInput,
  ZProxyActionInput,
  splitDomains,
  type THostInput,
  type TLocationInput,
  type TProxyActionInput,
} from "./host-input.ts";
export { ZUpstreamInput, type TUpstreamInput } from "./upstream-input.ts";
export { ZInstanceSettingsInput, type TInstanceSettingsInput } from "./settings-input.ts";
export { ZEmail, ZPassword, ZSetupInput, ZSignInInput, type TSetupInput, type TSignInInput } from "./account-input.ts";
export { ZApiTokenInput, type TApiTokenInput } from "./api-token-input.ts";
export {
  INVITATION_DEFAULT_DAYS,
  ZInvitationInput,
  ZInvitationSignUpInput,
  ZMemberRoleInput,
  ZOrganizationInput,
  ZPasswordResetInput,
  ZPasswordResetRequestInput,
  ZSignUpInput,
  type TInvitationInput,
  type TInvitationSignUpInput,
  type TMemberRoleInput,
  type TOrganizationInput,
  type TPasswordResetInput,
  type TPasswordResetRequestInput,
  type TSignUpInput,
} from "./team-input.ts";
export {
  REGISTRATION_MODES,
  SMTP_SECURITY,
  ZInstanceAccessInput,
  ZRegistrationMode,
  ZSmtpSettingsInput,
  type TInstanceAccessInput,
  type TRegistrationMode,
  type TSmtpSettingsInput,
} from "./instance-access-input.ts";
export { PERMISSIONS, ROLES, can, isRole, roleWithin, type TPermission, type TRole } from "./permissions.ts";
export { AppError, ERROR_STATUS, isAppError, type TAppErrorCode, type TFieldErrors } from "./errors.ts";
export { zodFieldErrors } from "./zod-field-errors.ts";
export * from "./tls/index.ts";
export * from "./org-export.ts";
