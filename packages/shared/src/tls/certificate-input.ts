import { z } from "zod";
import { ZDomainPattern } from "../domain-pattern.ts";

const PEM_LIMIT = 65_536;

/**
 * An uploaded certificate: the leaf, its chain (intermediates, leaf's issuer first) and the private
 * key, as PEM text (pasted or read from files by the form). The content checks (key matches, chain
 * order, dates, names) run on the server with node:crypto and name the check that failed.
 */
export const ZCertificateUploadInput = z.object({
  name: z.string().trim().max(100).optional(),
  certificatePem: z.string().trim().min(1, "Paste the certificate (PEM, starting with -----BEGIN CERTIFICATE-----).").max(PEM_LIMIT),
  chainPem: z.string().trim().max(PEM_LIMIT).default(""),
  privateKeyPem: z.string().trim().min(1, "Paste the private key (PEM, starting with -----BEGIN PRIVATE KEY-----).").max(PEM_LIMIT),
});

/** A self-signed certificate for internal names that no public CA will sign. */
export const ZSelfSignedInput = z.object({
  domains: z
    .array(ZDomainPattern)
    .min(1, "Enter at least one name, such as intranet.example.lan.")
    .max(100, "A certificate has at most 100 names.")
    .refine((domains) => new Set(domains).size === domains.length, "A name is listed twice."),
  validityDays: z.number().int().min(1, "At least one day.").max(3650, "At most ten years.").default(365),
});

export type TCertificateUploadInput = z.infer<typeof ZCertificateUploadInput>;
export type TSelfSignedInput = z.infer<typeof ZSelfSignedInput>;
