import type { Metadata } from "next";
import { PageCard } from "@/components/page-card.tsx";
import { NewCertificateForm } from "@/features/certificates/components/new-certificate-form.tsx";
import { orgPath } from "@/lib/org-path.ts";
import { requireMember } from "@/server/session.ts";

export const metadata: Metadata = { title: "Add certificate" };

export default async function NewCertificatePage({ params }: { params: Promise<{ org: string }> }) {
  const { membership } = await requireMember((await params).org, "certificate:write");
  return (
    <PageCard
      title="Add certificate"
      back={{ href: orgPath(membership.organizationSlug, "/certificates"), label: "Certificates" }}
      description="For hosts that cannot use automatic HTTPS: wildcard names, internal names, or a certificate you bought."
    >
      <NewCertificateForm />
    </PageCard>
  );
}
