import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth-card.tsx";
import { buttonClasses } from "@/components/ui/button.tsx";
import { ForgotPasswordForm } from "@/features/auth/components/forgot-password-form.tsx";
import { canSendMail } from "@/features/auth/queries.ts";
import { isSetUp } from "@/features/setup/queries.ts";

export const metadata: Metadata = { title: "Forgot your password?" };

export default async function ForgotPasswordPage() {
  if (!(await isSetUp())) redirect("/setup");
  if (!(await canSendMail())) {
    return (
      <AuthCard title="Forgot your password?" description="Email is not set up on this Gatehouse, so it cannot send you a reset link.">
        <p className="text-sm text-zinc-700">
          Ask the instance owner to set up outgoing email (Settings, “Sign-up and email”), then come back here for a reset link.
        </p>
        <Link href="/sign-in" className={buttonClasses("secondary", "mt-6 w-full")}>
          Back to sign in
        </Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Forgot your password?" description="Enter the email address of your account, and we email you a link to choose a new password.">
      <ForgotPasswordForm />
      <p className="mt-6 text-center text-sm">
        <Link href="/sign-in" className="font-medium text-indigo-700 hover:underline">
          Back to sign in
        </Link>
      </p>
    </AuthCard>
  );
}
