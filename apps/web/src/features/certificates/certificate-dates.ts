const DAY_MS = 86_400_000;

export type TExpiry = { text: string; tone: "green" | "amber" | "red" | "grey"; expired: boolean };

/** Renewal starts at a third of the lifetime left; two weeks before the end is late for any certificate. */
const SOON_MS = 14 * DAY_MS;

/** When a certificate stops being valid, said the way people check it: "in 23 days", "expired". */
export function certificateExpiry(notAfter: Date | null, now: Date): TExpiry {
  if (notAfter === null) return { text: "Not issued yet", tone: "grey", expired: false };
  const left = notAfter.getTime() - now.getTime();
  if (left <= 0) return { text: "expired", tone: "red", expired: true };
  const days = Math.floor(left / DAY_MS);
  const text = days === 0 ? "within a day" : days === 1 ? "in 1 day" : `in ${days} days`;
  return { text, tone: left < SOON_MS ? "amber" : "green", expired: false };
}

/** A date and time in UTC, the same for every viewer and in every log. */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** An event's time to the second (order steps are seconds apart), without the zone: the list says it is UTC. */
export function formatUtcSeconds(date: Date): string {
  return date.toISOString().slice(0, 19).replace("T", " ");
}
