import { Prisma } from "./generated/prisma/client.ts";

type TUniqueViolationMeta = {
  modelName?: string;
  driverAdapterError?: { cause?: { constraint?: { fields?: string[] } } };
};

/** True for a unique-index violation on `model.field` (P2002; driver adapters name the fields in `meta`). */
export function isUniqueViolation(error: unknown, model: Prisma.ModelName, field: string): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return false;
  const meta = error.meta as TUniqueViolationMeta | undefined;
  return meta?.modelName === model && (meta.driverAdapterError?.cause?.constraint?.fields ?? []).includes(field);
}
