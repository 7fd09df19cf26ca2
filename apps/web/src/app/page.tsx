import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth-card.tsx";
import { SignOutButton } from "@/features/auth/components/sign-out-button.tsx";
import { isSetUp } from "@/features/setup/queries.ts";
import { orgPath } from "@/lib/org-path.ts";
import { getViewer, homeMembership } from "@/server/session.ts";

export const metadata: Metadata = { title: "Gatehouse" };

/**
 * The way in: setup on a fresh instance, sign-in when signed out, else the hosts of the organization
 * last used (the session's active one), or the user's first. Someone in no organization (removed from
 * their last one) is told so instead of getting a 404.
 */
export default async function Home() {
  if (!(await isSetUp())) redirect("/setup");
  const viewer = await getViewer();
  if (!viewer) redirect("/sign-in");
  const membership = await homeMembership();
  if (membership) redirect(orgPath(membership.organizationSlug, "/hosts"));
  return (
    <AuthCard title="No organization yet" description={`Signed in as ${viewer.user.email}.`}>
      <p className="text-sm text-zinc-700">You are not a member of any organization yet. Ask an organization owner for an invitation.</p>
      <div className="mt-6 flex justify-end">
        <SignOutButton />
      </div>
    </AuthCard>
  );
}
