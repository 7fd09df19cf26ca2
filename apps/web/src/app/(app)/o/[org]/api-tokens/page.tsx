import type { Metadata } from "next";
import { ApiTokenForm } from "@/features/api-tokens/components/api-token-form.tsx";
import { ApiTokenList } from "@/features/api-tokens/components/api-token-list.tsx";
import { apiTokensOverview } from "@/features/api-tokens/queries.ts";
import { requireMember } from "@/server/session.ts";

export const metadata: Metadata = { title: "API tokens" };

export default async function ApiTokensPage({ params }: { params: Promise<{ org: string }> }) {
  const { membership } = await requireMember((await params).org, "token:read");
  const { tokens, canWrite, grantableRoles } = await apiTokensOverview(membership);
  return (
    <>
      <div className="mb-6">
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">API tokens</h1>
        <p className="mt-1 text-sm text-zinc-600">
          Tokens for scripts and CI to call the REST API under /api/v1 (described at{" "}
          <a href="/api/v1/openapi.json" className="font-medium text-indigo-600 hover:text-indigo-500">
            /api/v1/openapi.json
          </a>
          ). Each acts in this organization with its own role.
        </p>
      </div>
      {canWrite ? (
        <section aria-labelledby="new-token" className="mb-8 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-zinc-200">
          <h2 id="new-token" className="mb-4 text-base font-semibold text-zinc-900">
            New token
          </h2>
          <ApiTokenForm roles={grantableRoles} />
        </section>
      ) : null}
      <ApiTokenList tokens={tokens} canWrite={canWrite} />
    </>
  );
}
