import { CERTIFICATE_EVENT_STEPS, type TCertificateEventStep, type TCertificateSource, type TCertificateStatus } from "@gatehouse/shared";
import { z } from "zod";
import type { Prisma } from "../generated/prisma/client.ts";
import { parseColumn } from "../json-column.ts";
import { certificateDomains, certificateSource, certificateStatus } from "./certificate-columns.ts";

/** A certificate as the GUI lists it. Never carries the private key. */
export type TCertificateView = {
  id: string;
  name: string;
  source: TCertificateSource;
  status: TCertificateStatus;
  domains: string[];
  issuer: string | null;
  serialNumber: string | null;
  notBefore: Date | null;
  notAfter: Date | null;
  renewAt: Date | null;
  lastError: string | null;
  hostCount: number;
  updatedAt: Date;
};

export type TCertificateEventView = { step: TCertificateEventStep; message: string; createdAt: Date };

/** The certificate page: its order timeline (oldest first), the hosts using it and the public PEM. */
export type TCertificateDetailView = TCertificateView & {
  events: TCertificateEventView[];
  hosts: { id: string; domains: string[] }[];
  certificatePem: string | null;
};

/** How many of the latest events the certificate page shows. */
export const CERTIFICATE_EVENT_LIMIT = 50;

export const CERTIFICATE_VIEW_SELECT = {
  id: true,
  name: true,
  source: true,
  status: true,
  domains: true,
  issuer: true,
  serialNumber: true,
  notBefore: true,
  notAfter: true,
  renewAt: true,
  lastError: true,
  updatedAt: true,
  _count: { select: { hosts: true } },
} satisfies Prisma.CertificateSelect;

export const CERTIFICATE_DETAIL_SELECT = {
  ...CERTIFICATE_VIEW_SELECT,
  certificatePem: true,
  // Newest first to take the latest ones; toCertificateDetailView puts them back in order.
  events: { select: { step: true, message: true, createdAt: true }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: CERTIFICATE_EVENT_LIMIT },
  hosts: {
    select: { id: true, domains: { select: { domain: true }, orderBy: { position: "asc" } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  },
} satisfies Prisma.CertificateSelect;

type TCertificateViewRow = Prisma.CertificateGetPayload<{ select: typeof CERTIFICATE_VIEW_SELECT }>;
type TCertificateDetailRow = Prisma.CertificateGetPayload<{ select: typeof CERTIFICATE_DETAIL_SELECT }>;

export function toCertificateView(row: TCertificateViewRow): TCertificateView {
  return {
    id: row.id,
    name: row.name,
    source: certificateSource(row.source, row.id),
    status: certificateStatus(row.status, row.id),
    domains: certificateDomains(row.domains, row.id),
    issuer: row.issuer,
    serialNumber: row.serialNumber,
    notBefore: row.notBefore,
    notAfter: row.notAfter,
    renewAt: row.renewAt,
    lastError: row.lastError,
    hostCount: row._count.hosts,
    updatedAt: row.updatedAt,
  };
}

const ZEventStep = z.enum(CERTIFICATE_EVENT_STEPS);

export function toCertificateDetailView(row: TCertificateDetailRow): TCertificateDetailView {
  return {
    ...toCertificateView(row),
    events: row.events
      .map((event) => ({ ...event, step: parseColumn(ZEventStep, event.step, `An event of certificate ${row.id}`) }))
      .reverse(),
    hosts: row.hosts.map((host) => ({ id: host.id, domains: host.domains.map((entry) => entry.domain) })),
    certificatePem: row.certificatePem,
  };
}
