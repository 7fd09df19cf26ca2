import { redirect } from "next/navigation";
import { orgPath } from "@/lib/org-path.ts";

/** /o/<slug> alone opens the organization's hosts (the layout has already checked the membership). */
export default async function OrganizationHome({ params }: { params: Promise<{ org: string }> }) {
  redirect(orgPath((await params).org, "/hosts"));
}
