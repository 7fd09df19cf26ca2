export { ZDomain, domainProblem, normalizeDomain } from "./domain.ts";
export { ZBackendUrl, backendUrlProblem } from "./backend-url.ts";
export {
  PROXY_CONFIG_SCHEMA_VERSION,
  ZProxyConfig,
  ZProxyHost,
  ZProxyTarget,
  ZProxyUpstream,
  type TProxyConfig,
  type TProxyHost,
  type TProxyTarget,
  type TProxyUpstream,
} from "./proxy-config.ts";
export { ZHostInput, splitDomains, type THostInput } from "./host-input.ts";
export { ZEmail, ZPassword, ZSetupInput, ZSignInInput, type TSetupInput, type TSignInInput } from "./account-input.ts";
export { PERMISSIONS, ROLES, can, isRole, type TPermission, type TRole } from "./permissions.ts";
export { AppError, ERROR_STATUS, isAppError, type TAppErrorCode, type TFieldErrors } from "./errors.ts";
export { zodFieldErrors } from "./zod-field-errors.ts";
