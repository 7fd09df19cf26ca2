import { orgCertificates } from "@gatehouse/db";
import { orgApiRoute } from "@/server/api-route.ts";
import { getDb } from "@/server/db.ts";
import { getSecretBox } from "@/server/secret-box.ts";

type TParams = { id: string };

/** The certificate with its order events, the hosts using it and its public PEM. */
export const GET = orgApiRoute<TParams>("certificate:read", async (_request, { organizationId }, { id }) =>
  Response.json(await orgCertificates(getDb(), organizationId, getSecretBox()).get(id)),
);

/** Refused (409) while a host uses the certificate. */
export const DELETE = orgApiRoute<TParams>("certificate:write", async (_request, { organizationId, actor }, { id }) => {
  await orgCertificates(getDb(), organizationId, getSecretBox(), actor).delete(id);
  return new Response(null, { status: 204 });
});
