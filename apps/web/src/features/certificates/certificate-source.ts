import type { TCertificateSource } from "@gatehouse/shared";

export const SOURCE_LABELS: Record<TCertificateSource, string> = {
  acme: "Automatic (ACME)",
  uploaded: "Uploaded",
  "self-signed": "Self-signed",
};
