import type { REDIRECT_STATUSES } from "@gatehouse/shared";

export const REDIRECT_STATUS_LABELS: Record<(typeof REDIRECT_STATUSES)[number], string> = {
  301: "301 Moved permanently",
  302: "302 Found (temporary)",
  307: "307 Temporary redirect",
  308: "308 Permanent redirect",
};
