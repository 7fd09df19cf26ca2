import { isRole, type TRole } from "@gatehouse/shared";

/** Roles as the GUI names them. */
export const ROLE_LABELS: Record<TRole, string> = {
  owner: "Owner",
  admin: "Admin",
  editor: "Editor",
  viewer: "Viewer",
};

/** A stored role as a word; a role outside the matrix (which grants nothing) shows as stored. */
export function roleLabel(role: string): string {
  return isRole(role) ? ROLE_LABELS[role] : role;
}
