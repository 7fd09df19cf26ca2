import { ORG_EXPORT_FORMAT, ORG_EXPORT_VERSION, ZOrgExport, type TOrgExport } from "@gatehouse/shared";
import type { Db } from "../client.ts";
import type { TSecretBox } from "../secrets/secret-box.ts";
import { readOrgState, type TExportOptions } from "./org-state.ts";

/**
 * One organization's configuration as a versioned document (packages/shared org-export.ts). With
 * `includeKeys` the private keys of uploaded and self-signed certificates are in it as plain PEM.
 */
export async function exportOrganization(db: Db, organizationId: string, box: TSecretBox, options: TExportOptions): Promise<TOrgExport> {
  const organization = await db.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { name: true } });
  const state = await readOrgState(db, organizationId, box, options);
  // Parsed once more so what leaves here is a document the importer accepts.
  return ZOrgExport.parse({
    format: ORG_EXPORT_FORMAT,
    version: ORG_EXPORT_VERSION,
    exportedAt: new Date().toISOString(),
    organization,
    upstreams: state.upstreams.map((entry) => entry.document),
    hosts: state.hosts.map((entry) => entry.document),
    certificates: state.certificates.map((entry) => entry.document),
  });
}
