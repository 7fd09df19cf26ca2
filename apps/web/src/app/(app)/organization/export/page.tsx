import type { Metadata } from "next";
import { PageCard } from "@/components/page-card.tsx";
import { ExportForm } from "@/features/org-export/components/export-form.tsx";
import { ImportForm } from "@/features/org-export/components/import-form.tsx";
import { orgTransferPage } from "@/features/org-export/queries.ts";

export const metadata: Metadata = { title: "Export and import" };

export default async function OrganizationExportPage() {
  const { organizationName } = await orgTransferPage();
  return (
    <div className="space-y-6">
      <PageCard
        title="Export configuration"
        description={`${organizationName}'s upstreams, hosts and certificates as one JSON file, to keep or to move to another organization or Gatehouse. Access lists are not part of Gatehouse yet, so there are none in the file.`}
      >
        <ExportForm />
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
