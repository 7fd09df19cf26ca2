import type { Metadata } from "next";
import { PageCard } from "@/components/page-card.tsx";
import { NewCertificateForm } from "@/features/certificates/components/new-certificate-form.tsx";
import { requireCertificateWriter } from "@/features/certificates/queries.ts";

export const metadata: Metadata = { title: "Add certificate" };

export default async function NewCertificatePage() {
  await requireCertificateWriter();
  return (
    <PageCard
      title="Add certificate"
      back={{ href: "/certificates", label: "Certificates" }}
      description="For hosts that cannot use automatic HTTPS: wildcard names, internal names, or a certificate you bought."
    >
      <NewCertificateForm />
    </PageCard>
  );
}
