"use client";

import { useMemo, type ComponentProps } from "react";
import type { TFormState } from "@/lib/form-state.ts";
import { useOrgSlug } from "@/lib/use-org-action.ts";
import { ConfirmActionButton } from "./confirm-action-button.tsx";

type TOrgIdAction = (organizationSlug: string, previous: TFormState, formData: FormData) => Promise<TFormState>;

/** ConfirmActionButton for an organization action (orgAction): binds the page's organization, as useOrgAction does. */
export function OrgConfirmButton({ action, ...props }: Omit<ComponentProps<typeof ConfirmActionButton>, "action"> & { action: TOrgIdAction }) {
  const organizationSlug = useOrgSlug();
  const bound = useMemo(() => action.bind(null, organizationSlug), [action, organizationSlug]);
  return <ConfirmActionButton action={bound} {...props} />;
}
