import type { TExpiry } from "../certificate-dates.ts";

const TONES: Record<TExpiry["tone"], string> = {
  green: "text-zinc-700",
  amber: "text-amber-700",
  red: "font-medium text-red-700",
  grey: "text-zinc-500",
};

/** "in 23 days" in grey, amber in the last two weeks, red once expired. */
export function ExpiryText({ expiry }: { expiry: TExpiry }) {
  return <span className={TONES[expiry.tone]}>{expiry.text}</span>;
}
