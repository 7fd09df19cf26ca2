import type { TCertificateStatus } from "@gatehouse/shared";
import { Badge, type TBadgeTone } from "@/components/ui/badge.tsx";

const STATUSES: Record<TCertificateStatus, { label: string; tone: TBadgeTone }> = {
  pending: { label: "Requested", tone: "amber" },
  ordering: { label: "Ordering", tone: "amber" },
  validating: { label: "Validating", tone: "amber" },
  issued: { label: "Valid", tone: "green" },
  failed: { label: "Failed", tone: "red" },
};

/** Where a certificate stands, in colour and in words; an issued one past its end says "Expired". */
export function CertificateStatusBadge({ status, expired }: { status: TCertificateStatus; expired: boolean }) {
  if (status === "issued" && expired) return <Badge tone="red">Expired</Badge>;
  const { label, tone } = STATUSES[status];
  return <Badge tone={tone}>{label}</Badge>;
}
