"use client";

import { useParams } from "next/navigation";
import { useActionState, useMemo } from "react";

/** The organization slug of the page being shown (every organization page is under /o/[org]). */
export function useOrgSlug(): string {
  const { org } = useParams<{ org: string }>();
  if (typeof org !== "string") throw new Error("useOrgSlug is for pages under /o/[org]");
  return org;
}

/**
 * useActionState for an organization action: binds the page's organization slug as the action's
 * first argument. The server still checks the user's membership and role in that organization, so a
 * forged slug reaches only organizations the user is in, with the rights they have there.
 */
export function useOrgAction<TState>(
  action: (organizationSlug: string, previous: Awaited<TState>, formData: FormData) => Promise<TState>,
  initialState: Awaited<TState>,
) {
  const org = useOrgSlug();
  const bound = useMemo(() => action.bind(null, org), [action, org]);
  return useActionState(bound, initialState);
}
