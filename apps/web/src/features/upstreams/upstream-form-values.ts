import type { TUpstreamView } from "@gatehouse/db";
import { ZActiveHealthCheck, ZPassiveHealth, ZUpstreamInput, ZUpstreamTimeouts, type TLoadBalancingPolicy } from "@gatehouse/shared";

/** The upstream form's starting values, as the text the inputs show (durations in seconds). */
export type TUpstreamFormValues = {
  id: string | null;
  name: string;
  policy: TLoadBalancingPolicy;
  stickyCookie: string;
  targets: { url: string; weight: string; backup: boolean }[];
  healthCheck: { enabled: boolean; path: string; intervalS: string; timeoutS: string; statusFrom: string; statusTo: string; rise: string; fall: string };
  passiveHealth: { maxFails: string; windowS: string; cooldownS: string };
  timeouts: { connectS: string; responseHeadersS: string; idleS: string };
  retries: string;
  tls: { verify: boolean; serverName: string };
};

const seconds = (ms: number): string => String(ms / 1000);

/** Defaults come from the shared schemas, so the form shows exactly what saving it empty would store. */
export function upstreamFormValues(upstream: TUpstreamView | null): TUpstreamFormValues {
  const shape = ZUpstreamInput.shape;
  const check = upstream?.healthCheck ?? ZActiveHealthCheck.parse({ path: "/" });
  const passive = upstream?.passiveHealth ?? ZPassiveHealth.parse({});
  const timeouts = upstream?.timeouts ?? ZUpstreamTimeouts.parse({});
  return {
    id: upstream?.id ?? null,
    name: upstream?.name ?? "",
    policy: upstream?.policy ?? shape.policy.parse(undefined),
    stickyCookie: upstream?.stickyCookie ?? shape.stickyCookie.parse(undefined),
    targets: (upstream?.targets ?? [{ url: "", weight: 1, backup: false }]).map((target) => ({ url: target.url, weight: String(target.weight), backup: target.backup })),
    healthCheck: {
      enabled: (upstream?.healthCheck ?? null) !== null,
      path: check.path,
      intervalS: seconds(check.intervalMs),
      timeoutS: seconds(check.timeoutMs),
      statusFrom: String(check.expectedStatus[0]),
      statusTo: String(check.expectedStatus[1]),
      rise: String(check.rise),
      fall: String(check.fall),
    },
    passiveHealth: { maxFails: String(passive.maxFails), windowS: seconds(passive.windowMs), cooldownS: seconds(passive.cooldownMs) },
    timeouts: { connectS: seconds(timeouts.connectMs), responseHeadersS: seconds(timeouts.responseHeadersMs), idleS: seconds(timeouts.idleMs) },
    retries: String(upstream?.retries ?? shape.retries.parse(undefined)),
    tls: { verify: upstream?.tls.verify ?? true, serverName: upstream?.tls.serverName ?? "" },
  };
}
