/**
 * Browser-side calls of better-auth's HTTP endpoints. Sign-in and every password or code check go
 * through them rather than through server actions, because only requests through its router pass its
 * rate limiter (password and code guessing).
 */
export type TAuthResult = { ok: true; data: unknown } | { ok: false; status: number; message: string };

const UNREACHABLE = "Gatehouse could not be reached. Check your connection and try again.";

export async function postAuth(path: string, body: Record<string, unknown>): Promise<TAuthResult> {
  let response: Response;
  try {
    response = await fetch(`/api/auth${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, message: UNREACHABLE };
  }
  const data: unknown = await response.json().catch(() => null);
  if (response.ok) return { ok: true, data };
  if (response.status === 429) {
    const wait = response.headers.get("X-Retry-After");
    return { ok: false, status: 429, message: `Too many attempts. Wait ${wait ?? "a few"} seconds and try again.` };
  }
  const message = (data as { message?: unknown } | null)?.message;
  return { ok: false, status: response.status, message: typeof message === "string" ? message : "That did not work. Try again." };
}
