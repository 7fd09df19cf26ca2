import type { Metadata } from "next";
import { PageCard } from "@/components/page-card.tsx";
import { ExportForm } from "@/features/org-export/components/export-form.tsx";
import { ImportForm } from "@/features/org-export/components/import-form.tsx";
import { requireMember } from "@/server/session.ts";

export const metadata: Metadata = { title: "Export and import" };

/** Owners and admins only (anyone else gets a 404, like elsewhere). */
export default async function OrganizationExportPage({ params }: { params: Promise<{ org: string }> }) {
  const { membership } = await requireMember((await params).org, "organization:transfer");
  const { organizationName, organizationSlug } = membership;
  return (
    <div className="space-y-6">
      <PageCard
        title="Export configuration"
        description={`${organizationName}'s upstreams, hosts and certificates as one JSON file, to keep or to move to another organization or Gatehouse. Access lists are not part of Gatehouse yet, so there are none in the file.`}
      >
        <ExportForm organizationSlug={organizationSlug} />
      </PageCard>
      <PageCard
        title="Import configuration"
        description={`Brings a file's upstreams, certificates and hosts into ${organizationName}: matched by name (upstreams, certificates) and by domain (hosts), new ones are created and existing ones changed. Nothing is deleted. One refused line and nothing is imported.`}
      >
        <ImportForm />
      </PageCard>
    </div>
  );
}
