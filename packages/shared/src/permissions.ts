/**
 * What each organization role may do. The only source of truth: the server's action and API
 * wrappers check it, and the GUI reads it to hide controls a role cannot use.
 */
export const ROLES = ["owner", "admin", "editor", "viewer"] as const;
export type TRole = (typeof ROLES)[number];

export const PERMISSIONS = {
  owner: ["host:read", "host:write", "upstream:read", "upstream:write", "certificate:read", "certificate:write", "member:read", "member:write", "organization:transfer", "organization:delete"],
  admin: ["host:read", "host:write", "upstream:read", "upstream:write", "certificate:read", "certificate:write", "member:read", "member:write", "organization:transfer"],
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
