import type { Metadata } from "next";
import { OrgConfirmButton } from "@/components/org-confirm-button.tsx";
import { PageCard } from "@/components/page-card.tsx";
import { deleteUpstream } from "@/features/upstreams/actions.ts";
import { UpstreamForm } from "@/features/upstreams/components/upstream-form.tsx";
import { upstreamFormContext } from "@/features/upstreams/queries.ts";
import { orgPath } from "@/lib/org-path.ts";
import { requireMember } from "@/server/session.ts";

export const metadata: Metadata = { title: "Edit upstream" };

export default async function EditUpstreamPage({ params }: { params: Promise<{ org: string; id: string }> }) {
  const { org, id } = await params;
  const { membership } = await requireMember(org, "upstream:write");
  const { initial, name, hostCount } = await upstreamFormContext(membership, id);
  return (
    <div className="space-y-6">
      <PageCard title={name ?? id} description="Changes reach the proxies within a second; health of unchanged targets is kept." back={{ href: orgPath(membership.organizationSlug, "/upstreams"), label: "Upstreams" }}>
        <UpstreamForm initial={initial} />
      </PageCard>
      <section aria-labelledby="danger-zone" className="mx-auto max-w-3xl rounded-2xl bg-white p-6 shadow-sm ring-1 ring-zinc-200 sm:p-8">
        <h2 id="danger-zone" className="text-sm font-semibold text-zinc-900">Delete this upstream</h2>
        <p className="mb-4 mt-1 text-sm text-zinc-600">
          {hostCount === 0 ? "No host uses it." : `${hostCount === 1 ? "1 host uses" : `${hostCount} hosts use`} it: point them elsewhere first.`}
        </p>
        <OrgConfirmButton action={deleteUpstream} id={id}>
          Delete <strong className="font-semibold">{name}</strong>? This cannot be undone.
        </OrgConfirmButton>
      </section>
    </div>
  );
}
