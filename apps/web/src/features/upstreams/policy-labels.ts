import type { TLoadBalancingPolicy } from "@gatehouse/shared";

export const POLICY_LABELS: Record<TLoadBalancingPolicy, string> = {
  "round-robin": "Round robin",
  "least-connections": "Least connections",
  "random-two": "Random of two",
  "ip-hash": "IP hash",
  cookie: "Sticky cookie",
};

/** In the order the form offers them. */
export const POLICIES = Object.keys(POLICY_LABELS) as TLoadBalancingPolicy[];

export const POLICY_HINTS: Record<TLoadBalancingPolicy, string> = {
  "round-robin": "Takes turns in proportion to the weights.",
  "least-connections": "Picks the target with the fewest requests in flight.",
  "random-two": "Picks two targets at random and uses the less busy one.",
  "ip-hash": "The same client address keeps going to the same target; adding a target moves few clients.",
  cookie: "A cookie keeps each browser on the target it first reached.",
};
