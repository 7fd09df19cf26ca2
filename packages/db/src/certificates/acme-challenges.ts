import { AppError } from "@gatehouse/shared";
import type { Db } from "../client.ts";
import { bumpRevision } from "../revision.ts";

export type TChallengeInput = { domain: string; token: string; keyAuthorization: string };

/**
 * Publishes an order's HTTP-01 challenges (replacing any earlier ones of the certificate) in a new
 * config revision: every proxy node answers them once it applied that revision.
 */
export async function putChallenges(db: Db, certificateId: string, challenges: TChallengeInput[]): Promise<number> {
  return db.$transaction(async (tx) => {
    const certificate = await tx.certificate.findUnique({
      where: { id: certificateId },
      select: { id: true, organizationId: true, challengeType: true },
    });
    if (!certificate) throw new AppError("NOT_FOUND", `Certificate ${certificateId} no longer exists (its host was deleted or changed).`);
    await tx.acmeChallenge.deleteMany({ where: { certificateId } });
    await tx.acmeChallenge.createMany({
      data: challenges.map((challenge) => ({
        certificateId,
        organizationId: certificate.organizationId,
        type: certificate.challengeType,
        ...challenge,
      })),
    });
    return bumpRevision(tx);
  });
}

/** Removes the certificate's challenges; a new revision only when there were some. */
export async function clearChallenges(db: Db, certificateId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.acmeChallenge.deleteMany({ where: { certificateId } });
    if (count > 0) await bumpRevision(tx);
  });
}
