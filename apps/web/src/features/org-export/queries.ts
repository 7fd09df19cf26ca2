import "server-only";
import { exportOrganization } from "@gatehouse/db";
import { getDb } from "@/server/db.ts";
import { getSecretBox } from "@/server/secret-box.ts";

/** The export as a file download, named after the organization and the day. */
export async function exportDownload(organizationId: string, includeKeys: boolean): Promise<Response> {
  const db = getDb();
  const document = await exportOrganization(db, organizationId, getSecretBox(), { includeKeys });
  const { slug } = await db.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { slug: true } });
  const filename = `gatehouse-${slug}-${document.exportedAt.slice(0, 10)}${includeKeys ? "-with-keys" : ""}.json`;
  return new Response(`${JSON.stringify(document, null, 2)}\n`, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
      "Cache-Control": "no-store",
    },
  });
}
