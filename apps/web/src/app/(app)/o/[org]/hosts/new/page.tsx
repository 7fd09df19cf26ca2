import type { Metadata } from "next";
import { PageCard } from "@/components/page-card.tsx";
import { HostForm } from "@/features/hosts/components/host-form.tsx";
import { hostFormContext } from "@/features/hosts/queries.ts";
import { orgPath } from "@/lib/org-path.ts";
import { requireMember } from "@/server/session.ts";

export const metadata: Metadata = { title: "Add host" };

export default async function NewHostPage({ params }: { params: Promise<{ org: string }> }) {
  const { membership } = await requireMember((await params).org, "host:write");
  const { initial, upstreams, certificates, acme } = await hostFormContext(membership);
  return (
    <PageCard title="Add host" back={{ href: orgPath(membership.organizationSlug, "/hosts"), label: "Hosts" }} description="Point one or more domains at a backend. Proxies pick the change up within a second.">
      <HostForm initial={initial} upstreams={upstreams} certificates={certificates} acme={acme} />
    </PageCard>
  );
}
