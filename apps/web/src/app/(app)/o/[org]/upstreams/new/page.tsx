import type { Metadata } from "next";
import { PageCard } from "@/components/page-card.tsx";
import { UpstreamForm } from "@/features/upstreams/components/upstream-form.tsx";
import { upstreamFormContext } from "@/features/upstreams/queries.ts";
import { orgPath } from "@/lib/org-path.ts";
import { requireMember } from "@/server/session.ts";

export const metadata: Metadata = { title: "Add upstream" };

export default async function NewUpstreamPage({ params }: { params: Promise<{ org: string }> }) {
  const { membership } = await requireMember((await params).org, "upstream:write");
  const { initial } = await upstreamFormContext(membership);
  return (
    <PageCard title="Add upstream" description="A pool of targets that one or more hosts can send requests to." back={{ href: orgPath(membership.organizationSlug, "/upstreams"), label: "Upstreams" }}>
      <UpstreamForm initial={initial} />
    </PageCard>
  );
}
