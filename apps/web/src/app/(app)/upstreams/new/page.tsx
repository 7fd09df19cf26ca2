import type { Metadata } from "next";
import { PageCard } from "@/components/page-card.tsx";
import { UpstreamForm } from "@/features/upstreams/components/upstream-form.tsx";
import { upstreamFormContext } from "@/features/upstreams/queries.ts";

export const metadata: Metadata = { title: "Add upstream" };

export default async function NewUpstreamPage() {
  const { initial } = await upstreamFormContext();
  return (
    <PageCard title="Add upstream" description="A pool of targets that one or more hosts can send requests to." back={{ href: "/upstreams", label: "Upstreams" }}>
      <UpstreamForm initial={initial} />
    </PageCard>
  );
}
