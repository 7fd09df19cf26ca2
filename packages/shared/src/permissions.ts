/**
 * What each organization role may do. The only source of truth: the server's action and API
 * wrappers check it, and the GUI reads it to hide controls a role cannot use. API tokens are
 * credentials that outlive a session, so only owners and admins see or make them.
 */
export const ROLES = ["owner", "admin", "editor", "viewer"] as const;
export type TRole = (typeof ROLES)[number];

export const PERMISSIONS = {
  owner: ["host:read", "host:write", "upstream:read", "upstream:write", "certificate:read", "certificate:write", "member:read", "member:write", "token:read", "token:write", "organization:transfer", "organization:delete"],
  admin: ["host:read", "host:write", "upstream:read", "upstream:write", "certificate:read", "certificate:write", "member:read", "member:write", "token:read", "token:write", "organization:transfer"],
  editor: ["host:read", "host:write", "upstream:read", "upstream:write", "certificate:read", "certificate:write", "member:read"],
  viewer: ["host:read", "upstream:read", "certificate:read", "member:read"],
} as const satisfies Record<TRole, readonly string[]>;

export type TPermission = (typeof PERMISSIONS)[TRole][number];

export function isRole(value: unknown): value is TRole {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Unknown roles have no permissions: fail closed. */
export function can(role: unknown, permission: TPermission): boolean {
  if (!isRole(role)) return false;
  return (PERMISSIONS[role] as readonly string[]).includes(permission);
}

/** Whether `role` is `ceiling` or below it (roles are listed strongest first); unknown roles are not. */
export function roleWithin(role: unknown, ceiling: unknown): boolean {
  if (!isRole(role) || !isRole(ceiling)) return false;
  return ROLES.indexOf(role) >= ROLES.indexOf(ceiling);
}
