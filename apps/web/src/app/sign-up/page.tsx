import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth-card.tsx";
import { buttonClasses } from "@/components/ui/button.tsx";
import { SignUpForm } from "@/features/auth/components/sign-up-form.tsx";
import { registrationIsOpen } from "@/features/auth/queries.ts";
import { isSetUp } from "@/features/setup/queries.ts";
import { getViewer } from "@/server/session.ts";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage() {
  if (!(await isSetUp())) redirect("/setup");
  if (await getViewer()) redirect("/");
  if (!(await registrationIsOpen())) {
    return (
      <AuthCard title="Registration is by invitation" description="This Gatehouse does not let anyone create an account.">
        <p className="text-sm text-zinc-700">
          Ask an owner or admin of your organization to invite your email address. The invitation email has a link to create your account.
        </p>
        <Link href="/sign-in" className={buttonClasses("secondary", "mt-6 w-full")}>
          Back to sign in
        </Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Create an account" description="You get an organization of your own, where you can add hosts and invite others.">
      <SignUpForm />
      <p className="mt-6 text-center text-sm text-zinc-600">
        Already have an account?{" "}
        <Link href="/sign-in" className="font-medium text-indigo-700 hover:underline">
          Sign in
        </Link>
      </p>
    </AuthCard>
  );
}
