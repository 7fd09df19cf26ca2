const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** "in 6 days", "in 5 hours", "2 days ago": how long an invitation link still works, or since when it does not. */
export function relativeExpiry(expiresAt: Date, now: Date): string {
  const left = expiresAt.getTime() - now.getTime();
  const span = Math.abs(left);
  const [count, unit] =
    span >= DAY_MS ? [Math.round(span / DAY_MS), "day"] : span >= HOUR_MS ? [Math.round(span / HOUR_MS), "hour"] : [Math.max(1, Math.round(span / MINUTE_MS)), "minute"];
  const amount = `${count} ${unit}${count === 1 ? "" : "s"}`;
  return left > 0 ? `in ${amount}` : `${amount} ago`;
}
