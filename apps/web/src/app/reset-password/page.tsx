import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth-card.tsx";
import { buttonClasses } from "@/components/ui/button.tsx";
import { ResetPasswordForm } from "@/features/auth/components/reset-password-form.tsx";

export const metadata: Metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  if (typeof token !== "string" || token === "") {
    return (
      <AuthCard title="Choose a new password" description="This reset link is incomplete.">
        <p className="text-sm text-zinc-700">Open the link from the email again (all of it), or ask for a new one.</p>
        <Link href="/forgot-password" className={buttonClasses("secondary", "mt-6 w-full")}>
          Ask for a new link
        </Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Choose a new password" description="Setting it signs your account out everywhere.">
      <ResetPasswordForm token={token} />
    </AuthCard>
  );
}
