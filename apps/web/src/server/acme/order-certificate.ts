import {
  putChallenges,
  recordCertificateStep,
  storeIssuedCertificate,
  type Db,
  type TDueCertificate,
  type TSecretBox,
} from "@gatehouse/db";
import { AppError, type TCertificateStatus } from "@gatehouse/shared";
import * as acme from "acme-client";
import { caName, explainFailure, inStage } from "./order-failure.ts";
import { waitForProxies } from "./proxy-propagation.ts";

export type TManagerLog = Pick<Console, "info" | "warn" | "error">;

export type TOrderContext = {
  db: Db;
  box: TSecretBox;
  client: acme.Client;
  directoryUrl: string;
  propagationTimeoutMs: number;
  /** Aborted when the manager stops: cuts the wait for proxy nodes short. */
  signal: AbortSignal;
  /** Wakes proxy nodes waiting on this process for a new config revision. */
  onConfigChanged: () => void;
  log: TManagerLog;
};

type TPendingChallenge = { domain: string; challenge: acme.Authorization["challenges"][number]; keyAuthorization: string };

// A certificate's subject CN is limited to 64 characters (RFC 5280); the names are in the SAN anyway.
const MAX_COMMON_NAME = 64;

/**
 * One ACME order, start to finish, each step recorded for the host page: ordering -> validating
 * (HTTP-01 tokens published in the snapshot for every proxy node) -> issued. Throws an AppError whose
 * message says what failed and what to check. The caller holds the certificate's lease and clears
 * its challenges afterwards, whatever happened.
 */
export async function orderCertificate(context: TOrderContext, certificate: TDueCertificate): Promise<void> {
  const { db, client } = context;
  const { id, domains, renewal } = certificate;
  const ca = caName(context.directoryUrl);
  // A renewal leaves the current certificate "issued" (and serving) until the new one is stored.
  const status = (next: TCertificateStatus) => (renewal ? undefined : next);

  const wildcard = domains.find((domain) => domain.startsWith("*."));
  if (wildcard) throw new AppError("BAD_INPUT", explainFailure.wildcard(wildcard));

  if (renewal) {
    await recordCertificateStep(db, id, "renewing", "Renewing: the current certificate keeps serving until the new one is issued.");
  }
  await recordCertificateStep(db, id, "ordering", `Ordering a certificate for ${domains.join(", ")} from ${ca}.`, status("ordering"));
  const order = await inStage(explainFailure.order(ca, domains), () =>
    client.createOrder({ identifiers: domains.map((value) => ({ type: "dns", value })) }),
  );
  const authorizations = await inStage(explainFailure.order(ca, domains), () => client.getAuthorizations(order));

  const pending = await challengesToAnswer(client, ca, authorizations);
  if (pending.length > 0) {
    const names = pending.map((item) => item.domain).join(", ");
    const revision = await putChallenges(
      db,
      id,
      pending.map(({ domain, challenge, keyAuthorization }) => ({ domain, token: challenge.token, keyAuthorization })),
    );
    context.onConfigChanged();
    await recordCertificateStep(
      db,
      id,
      "validating",
      `Waiting for ${ca} to validate ${names} over HTTP-01 (port 80) once every proxy node answers the challenge.`,
      status("validating"),
    );
    await answerChallenges(context, ca, revision, pending);
  }

  const certificateKey = await acme.crypto.createPrivateEcdsaKey();
  const [, csr] = await acme.crypto.createCsr(
    { commonName: domains.find((domain) => domain.length <= MAX_COMMON_NAME), altNames: domains },
    certificateKey,
  );
  const certificatePem = await inStage(explainFailure.finalize(ca, domains), async () => {
    // The polled copy of an order lacks its URL, which finalizeOrder and getCertificate need: keep `order`.
    await client.waitForValidStatus(order);
    return client.getCertificate(await client.finalizeOrder(order, csr));
  });
  const revision = await storeIssuedCertificate(db, context.box, id, { certificatePem, privateKeyPem: certificateKey.toString() });
  context.onConfigChanged();
  context.log.info(`certificate issued for ${domains.join(", ")} (config revision ${revision})`);
}

/** The HTTP-01 challenges still to answer; an authorization the CA already holds as valid needs none. */
async function challengesToAnswer(client: acme.Client, ca: string, authorizations: acme.Authorization[]): Promise<TPendingChallenge[]> {
  const pending: TPendingChallenge[] = [];
  for (const authorization of authorizations) {
    if (authorization.status === "valid") continue;
    const domain = authorization.identifier.value;
    const challenge = authorization.challenges.find((offered) => offered.type === "http-01");
    if (!challenge) {
      const offered = authorization.challenges.map((offered) => offered.type);
      throw new AppError("EXTERNAL_SERVICE", explainFailure.noHttpChallenge(ca, domain, offered));
    }
    pending.push({ domain, challenge, keyAuthorization: await client.getChallengeKeyAuthorization(challenge) });
  }
  return pending;
}

/** Tells the CA to validate once the proxies serve the tokens, then waits for each verdict. */
async function answerChallenges(context: TOrderContext, ca: string, revision: number, pending: TPendingChallenge[]): Promise<void> {
  const propagation = await waitForProxies(context.db, revision, context.propagationTimeoutMs, context.signal);
  if (propagation !== "live") {
    // Asking anyway: the CA may still reach a node that has it; if not, its error says what failed.
    context.log.warn(`ACME challenges (revision ${revision}) not confirmed on every proxy node: ${propagation}`);
  }
  for (const { domain, challenge } of pending) {
    await inStage(explainFailure.validation(ca, domain, challenge.token), () => context.client.completeChallenge(challenge));
  }
  for (const { domain, challenge } of pending) {
    await inStage(explainFailure.validation(ca, domain, challenge.token), () => context.client.waitForValidStatus(challenge));
  }
}
