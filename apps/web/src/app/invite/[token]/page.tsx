import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth-card.tsx";
import { buttonClasses } from "@/components/ui/button.tsx";
import { InvitationSignUpForm, JoinForm, SignOutToInvitationForm } from "@/features/invitations/components/invitation-forms.tsx";
import { invitationPage } from "@/features/invitations/queries.ts";
import { roleLabel } from "@/features/members/components/role-labels.ts";

export const metadata: Metadata = { title: "Invitation" };

const CLOSED = {
  unknown: {
    title: "This invitation link does not work",
    text: "It may be mistyped, or replaced by a newer link when the invitation was sent again. Ask the person who invited you for a new invitation.",
  },
  accepted: { title: "This invitation has been used", text: "Someone already joined with it. If that was you, sign in. Otherwise ask the organization for a new invitation." },
  revoked: { title: "This invitation was revoked", text: "The organization withdrew it. Ask them for a new invitation if you should still join." },
  expired: { title: "This invitation has expired", text: "Invitation links work for a limited time. Ask the organization to send you a new one." },
} as const;

/** Public: the link of an invitation email, for someone with or without an account. */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const page = await invitationPage(token);

  if (!("email" in page)) {
    const closed = CLOSED[page.kind];
    return (
      <AuthCard title={closed.title} description={"organizationName" in page ? `Invitation to ${page.organizationName}.` : undefined}>
        <p className="text-sm text-zinc-700">{closed.text}</p>
        <Link href="/sign-in" className={buttonClasses("secondary", "mt-6 w-full")}>
          Go to sign-in
        </Link>
      </AuthCard>
    );
  }

  const description = `${page.inviterName} invited you to join ${page.organizationName} as ${roleLabel(page.role).toLowerCase()}.`;
  const here = `/invite/${encodeURIComponent(token)}`;
  return (
    <AuthCard title={`Join ${page.organizationName}`} description={description}>
      {page.kind === "join" ? <JoinForm token={token} organizationName={page.organizationName} /> : null}
      {page.kind === "other-account" ? (
        <div className="space-y-4">
          <p className="text-sm text-zinc-700">
            This invitation is for <strong className="font-medium text-zinc-900">{page.email}</strong>, but you are signed in as{" "}
            <strong className="font-medium text-zinc-900">{page.signedInAs}</strong>. Sign out, then open the link again as {page.email}.
          </p>
          <SignOutToInvitationForm token={token} />
        </div>
      ) : null}
      {page.kind === "sign-in" ? (
        <div className="space-y-4">
          <p className="text-sm text-zinc-700">
            An account for <strong className="font-medium text-zinc-900">{page.email}</strong> already exists. Sign in to accept.
          </p>
          <Link href={`/sign-in?next=${encodeURIComponent(here)}`} className={buttonClasses("primary", "w-full")}>
            Sign in to accept
          </Link>
        </div>
      ) : null}
      {page.kind === "sign-up" ? <InvitationSignUpForm token={token} email={page.email} /> : null}
    </AuthCard>
  );
}
