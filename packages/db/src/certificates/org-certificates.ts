import { AppError, uncoveredDomains, ZCertificateUploadInput, ZSelfSignedInput, zodFieldErrors } from "@gatehouse/shared";
import type { z } from "zod";
import type { TActor } from "../audit/actor.ts";
import type { TAuditAction } from "../audit/audit-actions.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Db, TransactionClient } from "../client.ts";
import { bumpRevision } from "../revision.ts";
import type { TSecretBox } from "../secrets/secret-box.ts";
import { addCertificateEvent } from "./certificate-columns.ts";
import {
  CERTIFICATE_DETAIL_SELECT,
  CERTIFICATE_VIEW_SELECT,
  toCertificateDetailView,
  toCertificateView,
  type TCertificateDetailView,
  type TCertificateView,
} from "./certificate-view.ts";
import { leafFacts, type TCertificateFacts } from "./pem.ts";
import { generateSelfSigned } from "./self-signed.ts";
import { checkUpload, type TCheckedUpload } from "./upload-checks.ts";

// Callers validate too; this boundary parses again so no path into the database skips it.
function parseInput<T extends z.ZodType>(schema: T, input: unknown, what: string): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw new AppError("BAD_INPUT", `Check the highlighted ${what} fields.`, zodFieldErrors(result.error));
  return result.data;
}

function certificateNotFound(): AppError {
  return new AppError("NOT_FOUND", "This certificate does not exist. It may have been deleted.");
}

function inUse(hostNames: string[]): AppError {
  const [first] = hostNames;
  const message =
    hostNames.length === 1
      ? `This certificate is used by host ${first}; change that host first.`
      : `This certificate is used by hosts ${hostNames.join(", ")}; change those hosts first.`;
  return new AppError("CONFLICT", message);
}

type TStoredSource = "uploaded" | "self-signed";
type TStoredCertificate = { certificatePem: string; privateKeyPem: string; domains: string[]; facts: TCertificateFacts };

/** An upload parsed and checked (key matches, chain order, dates, names), with the name it is stored under. */
export function checkedUpload(input: z.input<typeof ZCertificateUploadInput>): { name: string; checked: TCheckedUpload } {
  const upload = parseInput(ZCertificateUploadInput, input, "certificate");
  const checked = checkUpload(upload, new Date());
  return { name: upload.name || checked.domains[0]!, checked };
}

function certificateColumns(box: TSecretBox, certificate: TStoredCertificate) {
  const { facts } = certificate;
  return {
    status: "issued",
    domains: JSON.stringify(certificate.domains),
    certificatePem: certificate.certificatePem,
    privateKeyEncrypted: box.seal(certificate.privateKeyPem),
    issuer: facts.issuer,
    serialNumber: facts.serialNumber,
    notBefore: facts.notBefore,
    notAfter: facts.notAfter,
  };
}

type TStoreRequest = { name: string; source: TStoredSource; certificate: TStoredCertificate };

/** The write behind upload and self-signed, inside the caller's transaction (an import runs many in one). */
export async function storeCertificateIn(tx: TransactionClient, organizationId: string, box: TSecretBox, request: TStoreRequest): Promise<string> {
  const { id } = await tx.certificate.create({
    data: { organizationId, name: request.name, source: request.source, ...certificateColumns(box, request.certificate) },
    select: { id: true },
  });
  return id;
}

/**
 * Puts new contents into an uploaded or self-signed certificate (an import bringing a renewed one). The
 * hosts using it keep it, so it must still cover their domains; it is in the snapshot, so the revision moves.
 */
export async function replaceCertificateIn(tx: TransactionClient, organizationId: string, box: TSecretBox, id: string, certificate: TStoredCertificate): Promise<void> {
  const current = await tx.certificate.findUnique({
    where: { id_organizationId: { id, organizationId } },
    select: { name: true, source: true, hosts: { select: { domains: { select: { domain: true } } } } },
  });
  if (!current || current.source === "acme") throw certificateNotFound();
  const uncovered = uncoveredDomains(certificate.domains, current.hosts.flatMap((host) => host.domains.map((entry) => entry.domain)));
  if (uncovered.length > 0) {
    throw new AppError("BAD_INPUT", `The new certificate ${current.name} does not cover ${uncovered.join(", ")}, which hosts here use it for.`);
  }
  const revision = await bumpRevision(tx);
  await tx.certificate.update({ where: { id_organizationId: { id, organizationId } }, data: { ...certificateColumns(box, certificate), revision } });
}

/** A certificate's view inside a transaction (the audit entry's before and after). */
export async function readCertificateView(tx: TransactionClient, organizationId: string, id: string): Promise<TCertificateView> {
  return toCertificateView(await tx.certificate.findUniqueOrThrow({ where: { id_organizationId: { id, organizationId } }, select: CERTIFICATE_VIEW_SELECT }));
}

/** Reading an organization's certificates: needs no actor. */
function certificateReads(db: Db, organizationId: string, box: TSecretBox) {
  const ownKey = (id: string) => ({ id_organizationId: { id, organizationId } });
  return {
    async list(): Promise<TCertificateView[]> {
      const rows = await db.certificate.findMany({
        where: { organizationId },
        select: CERTIFICATE_VIEW_SELECT,
        orderBy: [{ name: "asc" }, { id: "asc" }],
      });
      return rows.map(toCertificateView);
    },

    async get(id: string): Promise<TCertificateDetailView> {
      const row = await db.certificate.findUnique({ where: ownKey(id), select: CERTIFICATE_DETAIL_SELECT });
      if (!row) throw certificateNotFound();
      return toCertificateDetailView(row);
    },

    /** The certificate's private key as PEM: only for an organization export with keys (Settings -> Export). */
    async privateKeyPem(id: string): Promise<string | null> {
      const row = await db.certificate.findUnique({ where: ownKey(id), select: { privateKeyEncrypted: true } });
      if (!row) throw certificateNotFound();
      return row.privateKeyEncrypted === null ? null : box.open(row.privateKeyEncrypted);
    },
  };
}

/** Changing an organization's certificates, each change recorded for the audit log as `actor` (views only: never a key). */
function certificateWrites(db: Db, organizationId: string, box: TSecretBox, actor: TActor) {
  const ownKey = (id: string) => ({ id_organizationId: { id, organizationId } });

  function audit(tx: TransactionClient, action: TAuditAction, before: TCertificateView | null, after: TCertificateView | null): Promise<void> {
    const certificate = (after ?? before)!;
    return recordAudit(tx, { organizationId, actor, action, targetKind: "certificate", targetId: certificate.id, targetLabel: certificate.name, before, after });
  }

  async function store(name: string, source: TStoredSource, certificate: TStoredCertificate): Promise<TCertificateView> {
    return db.$transaction(async (tx) => {
      const stored = await readCertificateView(tx, organizationId, await storeCertificateIn(tx, organizationId, box, { name, source, certificate }));
      await audit(tx, source === "uploaded" ? "certificate.upload" : "certificate.self-signed", null, stored);
      return stored;
    });
  }

  return {
    async upload(input: z.input<typeof ZCertificateUploadInput>): Promise<TCertificateView> {
      const { name, checked } = checkedUpload(input);
      return store(name, "uploaded", checked);
    },

    async createSelfSigned(input: z.input<typeof ZSelfSignedInput>): Promise<TCertificateView> {
      const { domains, validityDays } = parseInput(ZSelfSignedInput, input, "self-signed certificate");
      const generated = await generateSelfSigned(domains, validityDays, new Date());
      return store(domains[0]!, "self-signed", { ...generated, domains, facts: leafFacts(generated.certificatePem) });
    },

    /** Refused while a host uses the certificate: the host would lose HTTPS without anyone deciding so. */
    async delete(id: string): Promise<void> {
      await db.$transaction(async (tx) => {
        const certificate = await tx.certificate.findUnique({
          where: ownKey(id),
          select: { hosts: { select: { domains: { select: { domain: true }, orderBy: { position: "asc" }, take: 1 } } } },
        });
        if (!certificate) throw certificateNotFound();
        if (certificate.hosts.length > 0) throw inUse(certificate.hosts.map((host) => host.domains[0]?.domain ?? "?"));
        const before = await readCertificateView(tx, organizationId, id);
        // Its challenges may be in the snapshot (an order under way): their removal is a config change.
        const { count } = await tx.acmeChallenge.deleteMany({ where: { certificateId: id, organizationId } });
        if (count > 0) await bumpRevision(tx);
        await tx.certificate.delete({ where: ownKey(id) });
        await audit(tx, "certificate.delete", before, null);
      });
    },

    /** Renew (or retry) an ACME certificate now rather than at its renewal time or after its backoff. */
    async requestRenewal(id: string): Promise<TCertificateView> {
      return db.$transaction(async (tx) => {
        const certificate = await tx.certificate.findUnique({ where: ownKey(id), select: { id: true, organizationId: true, source: true } });
        if (!certificate) throw certificateNotFound();
        if (certificate.source !== "acme") {
          throw new AppError(
            "BAD_INPUT",
            "Gatehouse renews only the certificates it orders with ACME. Upload a new certificate for these names and switch the hosts to it.",
          );
        }
        const before = await readCertificateView(tx, organizationId, id);
        await tx.certificate.update({ where: ownKey(id), data: { renewAt: new Date(), nextAttemptAt: null } });
        await addCertificateEvent(tx, certificate, "requested", "Renewal requested.");
        const after = await readCertificateView(tx, organizationId, id);
        await audit(tx, "certificate.renew-request", before, after);
        return after;
      });
    },
  };
}

export type TOrgCertificatesReader = ReturnType<typeof certificateReads>;
export type TOrgCertificates = TOrgCertificatesReader & ReturnType<typeof certificateWrites>;

/**
 * The organization's certificates, scoped like orgHosts: another organization's certificate is
 * indistinguishable from a missing one. Private keys go in sealed and come out only for an export with
 * keys (privateKeyPem); views carry the public certificate at most. Reading needs no actor; changing
 * does, and each change is recorded in the audit log in its transaction.
 */
export function orgCertificates(db: Db, organizationId: string, box: TSecretBox): TOrgCertificatesReader;
export function orgCertificates(db: Db, organizationId: string, box: TSecretBox, actor: TActor): TOrgCertificates;
export function orgCertificates(db: Db, organizationId: string, box: TSecretBox, actor?: TActor): TOrgCertificatesReader | TOrgCertificates {
  if (!organizationId) throw new AppError("INTERNAL", "orgCertificates was called without an organization id.");
  const reads = certificateReads(db, organizationId, box);
  return actor === undefined ? reads : { ...reads, ...certificateWrites(db, organizationId, box, actor) };
}
