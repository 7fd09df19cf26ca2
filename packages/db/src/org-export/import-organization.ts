import {
  isAppError,
  type TExportCertificate,
  type TExportHost,
  type TImportItem,
  type TImportPlan,
  type TOrgExport,
} from "@gatehouse/shared";
import type { TActor } from "../audit/actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Db, TransactionClient } from "../client.ts";
import { checkedUpload, replaceCertificateIn, storeCertificateIn } from "../certificates/org-certificates.ts";
import { createHostIn, updateHostIn, type THostInputDraft } from "../hosts/org-hosts.ts";
import type { TSecretBox } from "../secrets/secret-box.ts";
import { createUpstreamIn, updateUpstreamIn } from "../upstreams/org-upstreams.ts";
import { readOrgState, type TOrgState, type TStateEntry } from "./org-state.ts";
import { parseOrgExport } from "./parse-document.ts";

export type TImportResult = TImportPlan & { applied: boolean };

type TUploadedCertificate = Exclude<TExportCertificate, { source: "acme" }>;

/** Thrown inside the transaction to roll it back: a dry run, or an import with refusals. */
class Rollback extends Error {}

// An import writes every item in one transaction; the default 5 s is short for a large file on a busy machine.
const TRANSACTION_LIMITS = { maxWait: 10_000, timeout: 60_000 };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A refusal as one sentence: the field messages when the write named fields, else its message. */
function reasonOf(error: unknown): string {
  if (!isAppError(error)) throw error;
  const fields = Object.entries(error.fieldErrors ?? {}).map(([field, messages]) => `${field}: ${messages[0]}`);
  return fields.length > 0 ? fields.join("; ") : error.message;
}

/** Name -> id of what the organization has, updated as the import creates things; refused names remembered. */
type TNameIndex = { ids: Map<string, string>; refused: Set<string> };

const indexOf = <T>(entries: TStateEntry<T>[], name: (document: T) => string | null): TNameIndex => ({
  ids: new Map(entries.flatMap((entry) => (name(entry.document) === null ? [] : [[name(entry.document)!, entry.id] as const]))),
  refused: new Set(),
});

function referenceProblem(index: TNameIndex, what: string, name: string): string | null {
  if (index.ids.has(name)) return null;
  if (index.refused.has(name)) return `${what} ${name} is refused (see its line), and this host uses it.`;
  return `${what} ${name} is neither in the file nor in this organization: add it to the file, or create it here first.`;
}

/**
 * Every item of the document through the same writes the GUI uses (createHostIn, updateUpstreamIn,
 * ...), inside the caller's transaction: so the dry run checks exactly what the import will do. An
 * item the writes refuse is recorded with the reason, and the caller rolls everything back.
 */
async function importInto(tx: TransactionClient, organizationId: string, box: TSecretBox, document: TOrgExport, state: TOrgState): Promise<TImportPlan> {
  const plan: TImportPlan = { create: [], change: [], unchanged: [], refuse: [] };
  const refuse = (item: TImportItem, reason: string) => plan.refuse.push({ item, reason });

  async function write(item: TImportItem, kind: "create" | "change", run: () => Promise<unknown>): Promise<boolean> {
    try {
      await run();
      plan[kind].push(item);
      return true;
    } catch (error) {
      refuse(item, reasonOf(error));
      return false;
    }
  }

  // Certificates first, then upstreams: hosts name both.
  const certificates = indexOf(state.certificates, (doc) => (doc.source === "acme" ? null : doc.name));
  const uploaded = document.certificates.filter((certificate): certificate is TUploadedCertificate => certificate.source !== "acme");
  for (const certificate of uploaded) {
    const item: TImportItem = { kind: "certificate", name: certificate.name };
    const existingId = certificates.ids.get(certificate.name);
    const existing = state.certificates.find((entry) => entry.id === existingId)?.document;
    if (existing && existing.source !== "acme" && existing.certificatePem.trim() === certificate.certificatePem.trim()) {
      plan.unchanged.push(item);
      continue;
    }
    const { privateKeyPem } = certificate;
    if (privateKeyPem === undefined) {
      certificates.refused.add(certificate.name);
      refuse(
        item,
        existing
          ? "It differs from the certificate of this name here, and the file has no private key for it: export again with private keys."
          : "The file has no private key for it and this organization has no certificate of this name: export again with private keys, or upload it here first.",
      );
      continue;
    }
    const ok = await write(item, existingId ? "change" : "create", async () => {
      const { checked } = checkedUpload({ name: certificate.name, certificatePem: certificate.certificatePem, privateKeyPem });
      if (existingId) return replaceCertificateIn(tx, organizationId, box, existingId, checked);
      certificates.ids.set(certificate.name, await storeCertificateIn(tx, organizationId, box, { name: certificate.name, source: certificate.source, certificate: checked }));
    });
    if (!ok) certificates.refused.add(certificate.name);
  }

  const upstreams = indexOf(state.upstreams, (doc) => doc.name);
  for (const upstream of document.upstreams) {
    const item: TImportItem = { kind: "upstream", name: upstream.name };
    const existing = state.upstreams.find((entry) => entry.document.name === upstream.name);
    if (existing && same(existing.document, upstream)) {
      plan.unchanged.push(item);
      continue;
    }
    const ok = await write(item, existing ? "change" : "create", async () => {
      if (existing) return updateUpstreamIn(tx, organizationId, existing.id, upstream);
      upstreams.ids.set(upstream.name, await createUpstreamIn(tx, organizationId, upstream));
    });
    if (!ok) upstreams.refused.add(upstream.name);
  }

  for (const host of document.hosts) {
    const item: TImportItem = { kind: "host", name: host.domains.join(", ") };
    // A host is the one here that serves any of its domains; spread over several, it is not one host.
    const matches = state.hosts.filter((entry) => entry.document.domains.some((domain) => host.domains.includes(domain)));
    if (matches.length > 1) {
      const here = matches.map((entry) => entry.document.domains[0]).join(", ");
      refuse(item, `Its domains belong to ${matches.length} different hosts here (${here}): merge them first, or split this host in the file.`);
      continue;
    }
    const existing = matches[0];
    if (existing && same(existing.document, host)) {
      plan.unchanged.push(item);
      continue;
    }
    const resolved = hostInput(host, upstreams, certificates);
    if (typeof resolved === "string") {
      refuse(item, resolved);
      continue;
    }
    await write(item, existing ? "change" : "create", () =>
      existing ? updateHostIn(tx, organizationId, existing.id, resolved) : createHostIn(tx, organizationId, resolved),
    );
  }
  return plan;
}

/** The document's host with names turned into this organization's ids, or why a name does not resolve. */
function hostInput(host: TExportHost, upstreams: TNameIndex, certificates: TNameIndex): THostInputDraft | string {
  const problems: string[] = [];
  const locations = host.locations.map(({ path, action }) => {
    if (action.type !== "proxy" || action.upstream === undefined) return { path, action };
    const problem = referenceProblem(upstreams, "Upstream", action.upstream);
    if (problem) problems.push(problem);
    return { path, action: { type: "proxy" as const, upstreamId: upstreams.ids.get(action.upstream) ?? "", stripPrefix: action.stripPrefix } };
  });
  const { certificate, ...tls } = host.tls;
  let certificateId: string | undefined;
  if (certificate !== undefined) {
    const problem = referenceProblem(certificates, "Certificate", certificate);
    if (problem) problems.push(problem);
    certificateId = certificates.ids.get(certificate);
  }
  if (problems.length > 0) return [...new Set(problems)].join(" ");
  return { domains: host.domains, enabled: host.enabled, locations, options: host.options, tls: { ...tls, certificateId } };
}

/**
 * One summary entry per applied import (rather than one per item): what it created and changed, by
 * kind and name. The items' contents stay out of the log: an uploaded certificate carries its key.
 */
function auditImport(tx: TransactionClient, organizationId: string, actor: TActor, plan: TImportPlan): Promise<void> {
  return recordAudit(tx, {
    organizationId,
    actor,
    action: "import.apply",
    targetKind: "import",
    targetId: null,
    targetLabel: `${plan.create.length} created, ${plan.change.length} changed`,
    before: null,
    after: { created: plan.create, changed: plan.change },
  });
}

/** A dry run (no actor: it writes nothing) or the import itself, as `actor`. */
async function runImport(db: Db, organizationId: string, box: TSecretBox, input: unknown, actor: TActor | null): Promise<TImportResult> {
  const commit = actor !== null;
  const document = parseOrgExport(input);
  // Read through the org-scoped helpers just before the transaction: which rows match. Every write
  // re-checks inside the transaction (domains free, names free, rows still this organization's).
  const state = await readOrgState(db, organizationId, box, { includeKeys: false });
  let plan: TImportPlan | undefined;
  try {
    await db.$transaction(async (tx) => {
      plan = await importInto(tx, organizationId, box, document, state);
      if (actor === null || plan.refuse.length > 0) throw new Rollback();
      await auditImport(tx, organizationId, actor, plan);
    }, TRANSACTION_LIMITS);
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return { ...plan!, applied: commit && plan!.refuse.length === 0 };
}

/** What importing `document` would create, change or refuse; writes nothing. */
export async function planImport(db: Db, organizationId: string, box: TSecretBox, document: unknown): Promise<TImportPlan> {
  const { applied: _applied, ...plan } = await runImport(db, organizationId, box, document, null);
  return plan;
}

/**
 * Imports `document` in one transaction as `actor` (one audit entry), or (when anything is refused)
 * writes nothing and says why.
 */
export async function applyImport(db: Db, organizationId: string, box: TSecretBox, document: unknown, actor: TActor): Promise<TImportResult> {
  return runImport(db, organizationId, box, document, actor);
}
