import type { Metadata } from "next";
import { PageCard } from "@/components/page-card.tsx";
import { HostForm } from "@/features/hosts/components/host-form.tsx";
import { requireHostWriter } from "@/features/hosts/queries.ts";

export const metadata: Metadata = { title: "Add host" };

export default async function NewHostPage() {
  await requireHostWriter();
  return (
    <PageCard title="Add host" description="Point one or more domains at a backend. Proxies pick the change up within a second.">
      <HostForm />
    </PageCard>
  );
}
