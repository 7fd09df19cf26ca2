import "server-only";
import { createSecretBox, type TSecretBox } from "@gatehouse/db";
import { getEnv } from "./env.ts";

const BOX_KEY = Symbol.for("gatehouse.web.secretBox");
type TBoxHolder = { [BOX_KEY]?: TSecretBox };

/**
 * The one secret box of this process (private keys, the EAB HMAC key), keyed by GATEHOUSE_SECRET.
 * On globalThis for the same reason as getDb: Next may evaluate this module in several bundles.
 */
export function getSecretBox(): TSecretBox {
  const holder = globalThis as TBoxHolder;
  return (holder[BOX_KEY] ??= createSecretBox(getEnv().secret));
}
