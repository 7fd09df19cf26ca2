import { orgCertificates } from "@gatehouse/db";
import { ZCertificateUploadInput } from "@gatehouse/shared";
import { orgApiRoute, readApiBody } from "@/server/api-route.ts";
import { getDb } from "@/server/db.ts";
import { getSecretBox } from "@/server/secret-box.ts";

// A new certificate is used by no host yet, and delete is refused while a host uses one: neither
// changes a snapshot, so no proxy needs waking.

/** GET: the organization's certificates (never a private key). POST: upload a certificate, its chain and key (201). */
export const GET = orgApiRoute("certificate:read", async (_request, { organizationId }) =>
  Response.json(await orgCertificates(getDb(), organizationId, getSecretBox()).list()),
);

export const POST = orgApiRoute("certificate:write", async (request, { organizationId, actor }) => {
  const certificate = await orgCertificates(getDb(), organizationId, getSecretBox(), actor).upload(await readApiBody(request, ZCertificateUploadInput));
  return Response.json(certificate, { status: 201 });
});
