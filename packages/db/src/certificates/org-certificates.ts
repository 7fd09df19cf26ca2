import { AppError, ZCertificateUploadInput, ZSelfSignedInput, zodFieldErrors } from "@gatehouse/shared";
import type { z } from "zod";
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
import { checkUpload } from "./upload-checks.ts";

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

type TStoredCertificate = { certificatePem: string; privateKeyPem: string; domains: string[]; facts: TCertificateFacts };

/**
 * The organization's certificates, scoped like orgHosts: another organization's certificate is
 * indistinguishable from a missing one. Private keys go in sealed and never come out of here; views
 * carry the public certificate at most.
 */
export function orgCertificates(db: Db, organizationId: string, box: TSecretBox) {
  if (!organizationId) throw new AppError("INTERNAL", "orgCertificates was called without an organization id.");

  const ownKey = (id: string) => ({ id_organizationId: { id, organizationId } });

  async function readView(tx: Db | TransactionClient, id: string): Promise<TCertificateView> {
    return toCertificateView(await tx.certificate.findUniqueOrThrow({ where: ownKey(id), select: CERTIFICATE_VIEW_SELECT }));
  }

  async function store(name: string, source: "uploaded" | "self-signed", certificate: TStoredCertificate): Promise<TCertificateView> {
    const { facts } = certificate;
    return db.$transaction(async (tx) => {
      const { id } = await tx.certificate.create({
        data: {
          organizationId,
          name,
          source,
          status: "issued",
          domains: JSON.stringify(certificate.domains),
          certificatePem: certificate.certificatePem,
          privateKeyEncrypted: box.seal(certificate.privateKeyPem),
          issuer: facts.issuer,
          serialNumber: facts.serialNumber,
          notBefore: facts.notBefore,
          notAfter: facts.notAfter,
        },
        select: { id: true },
      });
      return readView(tx, id);
    });
  }

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

    async upload(input: z.input<typeof ZCertificateUploadInput>): Promise<TCertificateView> {
      const upload = parseInput(ZCertificateUploadInput, input, "certificate");
      const checked = checkUpload(upload, new Date());
      return store(upload.name || checked.domains[0]!, "uploaded", checked);
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
        // Its challenges may be in the snapshot (an order under way): their removal is a config change.
        const { count } = await tx.acmeChallenge.deleteMany({ where: { certificateId: id, organizationId } });
        if (count > 0) await bumpRevision(tx);
        await tx.certificate.delete({ where: ownKey(id) });
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
        await tx.certificate.update({ where: ownKey(id), data: { renewAt: new Date(), nextAttemptAt: null } });
        await addCertificateEvent(tx, certificate, "requested", "Renewal requested.");
        return readView(tx, id);
      });
    },
  };
}
