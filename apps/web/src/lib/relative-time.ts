const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** "in 6 days", "in 5 hours", "2 days ago": a moment in the largest whole unit (an invitation's expiry, a node last seen). */
export function relativeTime(moment: Date, now: Date): string {
  const left = moment.getTime() - now.getTime();
  const span = Math.abs(left);
  if (span < MINUTE_MS) return left > 0 ? "in under a minute" : "just now";
  const [count, unit] =
    span >= DAY_MS ? [Math.round(span / DAY_MS), "day"] : span >= HOUR_MS ? [Math.round(span / HOUR_MS), "hour"] : [Math.round(span / MINUTE_MS), "minute"];
  const amount = `${count} ${unit}${count === 1 ? "" : "s"}`;
  return left > 0 ? `in ${amount}` : `${amount} ago`;
}
