import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth-card.tsx";
import { buttonClasses } from "@/components/ui/button.tsx";
import { SetupForm } from "@/features/setup/components/setup-form.tsx";
import { isSetUp } from "@/features/setup/queries.ts";

export const metadata: Metadata = { title: "Set up" };

export default async function SetupPage() {
  if (await isSetUp()) {
    return (
      <AuthCard title="Already set up" description="Gatehouse already has an owner account. Sign in to continue.">
        <Link href="/sign-in" className={buttonClasses("primary", "w-full")}>
          Sign in
        </Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Set up Gatehouse" description="Create the owner account and your organization. There are no default credentials: this account is the first and only way in.">
      <SetupForm />
    </AuthCard>
  );
}
