import { saveAcmeAccount, type Db, type TAcmeAccountForEngine, type TSecretBox } from "@gatehouse/db";
import * as acme from "acme-client";
import { explainFailure, inStage } from "./order-failure.ts";

// acme-client's shared HTTP client has no timeout: a CA that stops answering must not hold an order
// (and its database lease) forever.
acme.axios.defaults.timeout = 30_000;

/**
 * Polling of pending authorizations and orders: first after 1 s, doubling up to 10 s, ten tries
 * (about a minute). acme-client's default starts at 5 s, which the host page would show as a stall.
 */
const STATUS_POLLING = { backoffAttempts: 10, backoffMin: 1_000, backoffMax: 10_000 };

/**
 * An ACME client for the instance's account. The first order registers the account (a new ECDSA key,
 * the email as contact, External Account Binding when the CA needs it) and keeps it for later orders.
 */
export async function accountClient(db: Db, box: TSecretBox, account: TAcmeAccountForEngine): Promise<acme.Client> {
  const externalAccountBinding = account.eab ? { kid: account.eab.keyId, hmacKey: account.eab.hmacKey } : undefined;
  const options = { directoryUrl: account.directoryUrl, externalAccountBinding, ...STATUS_POLLING };
  if (account.accountKeyPem !== null && account.accountUrl !== null) {
    return new acme.Client({ ...options, accountKey: account.accountKeyPem, accountUrl: account.accountUrl });
  }

  const accountKeyPem = account.accountKeyPem ?? (await acme.crypto.createPrivateEcdsaKey()).toString();
  const client = new acme.Client({ ...options, accountKey: accountKeyPem });
  await inStage(explainFailure.account(account.directoryUrl, account.eab !== null), () =>
    client.createAccount({ termsOfServiceAgreed: true, contact: [`mailto:${account.email}`] }),
  );
  await saveAcmeAccount(db, box, { accountKeyPem, accountUrl: client.getAccountUrl(), directoryUrl: account.directoryUrl });
  return client;
}
