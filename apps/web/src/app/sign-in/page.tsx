import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth-card.tsx";
import { SignInForm } from "@/features/auth/components/sign-in-form.tsx";
import { registrationIsOpen } from "@/features/auth/queries.ts";
import { isSetUp } from "@/features/setup/queries.ts";
import { safeNextPath } from "@/lib/safe-next-path.ts";
import { getViewer } from "@/server/session.ts";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  // Where to return after signing in (an invitation link sends people here): same-site paths only.
  const next = safeNextPath((await searchParams).next);
  if (!(await isSetUp())) redirect("/setup");
  if (await getViewer()) redirect(next ?? "/");
  return (
    <AuthCard title="Sign in" description="Manage your hosts and proxies.">
      <SignInForm next={next} />
      {(await registrationIsOpen()) ? (
        <p className="mt-6 text-center text-sm text-zinc-600">
          New here?{" "}
          <Link href="/sign-up" className="font-medium text-indigo-700 hover:underline">
            Create an account
          </Link>
        </p>
      ) : null}
    </AuthCard>
  );
}
