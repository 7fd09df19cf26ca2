/**
 * Where a certificate stands. ACME ones go pending -> ordering -> validating -> issued (or failed);
 * a renewal runs the same steps while the current certificate keeps serving (status stays "issued"
 * until the new one is stored; the steps are in the certificate's events).
 */
export const CERTIFICATE_STATUSES = ["pending", "ordering", "validating", "issued", "failed"] as const;
export type TCertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

export const CERTIFICATE_SOURCES = ["acme", "uploaded", "self-signed"] as const;
export type TCertificateSource = (typeof CERTIFICATE_SOURCES)[number];

/** ACME challenge types; only HTTP-01 is implemented, the data model keeps the type for DNS-01. */
export const ACME_CHALLENGE_TYPES = ["http-01", "dns-01"] as const;
export type TAcmeChallengeType = (typeof ACME_CHALLENGE_TYPES)[number];

/**
 * One step of an order as the host page shows it, in the order they happen. "failed" carries the ACME
 * problem's detail and what to check; "renewing" opens a renewal.
 */
export const CERTIFICATE_EVENT_STEPS = ["requested", "renewing", "ordering", "validating", "issued", "failed"] as const;
export type TCertificateEventStep = (typeof CERTIFICATE_EVENT_STEPS)[number];
