/**
 * Every organization page lives under /o/<slug>: the URL names the organization, so two tabs can
 * show two organizations and a shared link opens the one it was copied from.
 */
export function orgPath(organizationSlug: string, path = "/hosts"): string {
  return `/o/${encodeURIComponent(organizationSlug)}${path.startsWith("/") ? path : `/${path}`}`;
}
