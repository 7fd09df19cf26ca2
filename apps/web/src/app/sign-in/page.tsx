import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth-card.tsx";
import { SignInForm } from "@/features/auth/components/sign-in-form.tsx";
import { isSetUp } from "@/features/setup/queries.ts";
import { getViewer } from "@/server/session.ts";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage() {
  if (!(await isSetUp())) redirect("/setup");
  if (await getViewer()) redirect("/hosts");
  return (
    <AuthCard title="Sign in" description="Manage your hosts and proxies.">
      <SignInForm />
    </AuthCard>
  );
}
