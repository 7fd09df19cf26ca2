import { ZExportCertificate, ZExportHost, ZUpstreamInput, type TExportCertificate, type TExportHost, type TUpstreamInput } from "@gatehouse/shared";
import type { Db } from "../client.ts";
import { orgCertificates } from "../certificates/org-certificates.ts";
import type { TCertificateView } from "../certificates/certificate-view.ts";
import type { THostView } from "../hosts/host-view.ts";
import { orgHosts } from "../hosts/org-hosts.ts";
import { orgUpstreams } from "../upstreams/org-upstreams.ts";
import type { TSecretBox } from "../secrets/secret-box.ts";

/** One row of the organization in document form, with the id the importer updates it by. */
export type TStateEntry<T> = { id: string; document: T };

export type TOrgState = {
  upstreams: TStateEntry<TUpstreamInput>[];
  hosts: TStateEntry<TExportHost>[];
  certificates: TStateEntry<TExportCertificate>[];
};

export type TExportOptions = { includeKeys: boolean };

/**
 * Document names for the uploaded and self-signed certificates: the stored name, with " (2)", " (3)"
 * for repeats (names are not unique in the database, but references in a document must be).
 */
function certificateNames(certificates: TCertificateView[]): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Set<string>();
  for (const certificate of certificates) {
    if (certificate.source === "acme") continue;
    let name = certificate.name;
    for (let n = 2; used.has(name); n++) name = `${certificate.name} (${n})`;
    used.add(name);
    names.set(certificate.id, name);
  }
  return names;
}

function hostDocument(host: THostView, certificateName: Map<string, string>): TExportHost {
  const { tls } = host;
  return ZExportHost.parse({
    domains: host.domains,
    enabled: host.enabled,
    locations: host.locations.map(({ path, action }) => {
      if (action.type !== "proxy") return { path, action };
      const target = action.backendUrl === null ? { upstream: action.upstreamName } : { backendUrl: action.backendUrl };
      return { path, action: { type: "proxy", ...target, stripPrefix: action.stripPrefix } };
    }),
    options: host.options,
    tls: {
      mode: tls.mode,
      ...(tls.mode === "certificate" && tls.certificateId !== null ? { certificate: certificateName.get(tls.certificateId) } : {}),
      forceHttps: tls.forceHttps,
      hsts: tls.hsts,
    },
  });
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The organization's configuration in document form, read through the org-scoped helpers (so it is
 * exactly what the GUI shows). Sorted by name and first domain, so two exports of the same
 * configuration are the same text whatever order the rows were created in.
 */
export async function readOrgState(db: Db, organizationId: string, box: TSecretBox, options: TExportOptions): Promise<TOrgState> {
  const certificatesHere = orgCertificates(db, organizationId, box);
  const [upstreams, hosts, certificates] = await Promise.all([
    orgUpstreams(db, organizationId).list(),
    orgHosts(db, organizationId).list(),
    certificatesHere.list(),
  ]);
  const certificateName = certificateNames(certificates);

  const certificateEntries: TStateEntry<TExportCertificate>[] = [];
  for (const certificate of certificates) {
    const { id, name, source, domains } = certificate;
    if (source === "acme") {
      certificateEntries.push({ id, document: ZExportCertificate.parse({ name, source, domains }) });
      continue;
    }
    const { certificatePem } = await certificatesHere.get(id);
    const privateKeyPem = options.includeKeys ? await certificatesHere.privateKeyPem(id) : null;
    const document = { name: certificateName.get(id), source, domains, certificatePem, ...(privateKeyPem === null ? {} : { privateKeyPem }) };
    certificateEntries.push({ id, document: ZExportCertificate.parse(document) });
  }

  return {
    upstreams: upstreams.map((upstream) => ({ id: upstream.id, document: ZUpstreamInput.parse(upstream) })).sort((a, b) => byText(a.document.name, b.document.name)),
    hosts: hosts
      .map((host) => ({ id: host.id, document: hostDocument(host, certificateName) }))
      .sort((a, b) => byText(a.document.domains[0]!, b.document.domains[0]!)),
    certificates: certificateEntries.sort((a, b) => byText(a.document.source, b.document.source) || byText(a.document.name, b.document.name)),
  };
}
