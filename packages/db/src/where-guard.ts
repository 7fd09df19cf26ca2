import { AppError } from "@gatehouse/shared";
import { Prisma } from "./generated/prisma/client.ts";

/** Models whose rows belong to one organization: a query on them must always say which rows. */
const TENANT_OWNED_MODELS: ReadonlySet<string> = new Set<Prisma.ModelName>([
  "Host",
  "HostDomain",
  "Location",
  "Upstream",
  "UpstreamTarget",
  "TargetHealth",
  "Certificate",
  "CertificateEvent",
  "AcmeChallenge",
  "AuditEvent",
  "ApiToken",
  "Member",
  "Invitation",
]);

const MANY_ROW_OPERATIONS: ReadonlySet<string> = new Set([
  "findMany",
  "updateMany",
  "updateManyAndReturn",
  "deleteMany",
]);

// `{ organizationId: undefined }` is the dangerous case: Prisma drops undefined filters, so a
// forgotten id would silently match every tenant's rows. It counts as empty here.
function isEmptyWhere(where: unknown): boolean {
  if (where === undefined || where === null) return true;
  return typeof where === "object" && Object.values(where).every((value) => value === undefined);
}

/**
 * Refuses findMany/updateMany/deleteMany without a real `where` on tenant-owned models (after
 * cal.com's disallow-undefined-where-clause extension). A bug then fails loudly instead of reading or
 * deleting other organizations' rows.
 */
export const whereGuard = Prisma.defineExtension({
  name: "where-guard",
  query: {
    $allModels: {
      $allOperations({ model, operation, args, query }) {
        if (
          TENANT_OWNED_MODELS.has(model) &&
          MANY_ROW_OPERATIONS.has(operation) &&
          isEmptyWhere((args as { where?: unknown } | undefined)?.where)
        ) {
          throw new AppError("INTERNAL", `${model}.${operation} was called without a where clause; refusing to touch every row.`);
        }
        return query(args);
      },
    },
  },
});
