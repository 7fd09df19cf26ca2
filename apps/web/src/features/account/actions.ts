"use server";

import { AppError, ZPassword } from "@gatehouse/shared";
import { APIError } from "better-auth/api";
import { refresh } from "next/cache";
import { headers } from "next/headers";
import QRCode from "qrcode";
import { z } from "zod";
import { signedInAction } from "@/server/action.ts";
import { getAuth } from "@/server/auth.ts";
import { getViewer } from "@/server/session.ts";

const ZChangePasswordInput = z
  .object({ currentPassword: z.string().min(1, "Enter your current password."), newPassword: ZPassword, confirmPassword: z.string() })
  .refine((input) => input.newPassword === input.confirmPassword, { path: ["confirmPassword"], message: "The two new passwords differ." });

/** Changes the password through better-auth (which checks the current one) and signs out every other session. */
export const changePassword = signedInAction({
  schema: ZChangePasswordInput,
  handler: async (input) => {
    try {
      await getAuth().api.changePassword({
        headers: await headers(),
        body: { currentPassword: input.currentPassword, newPassword: input.newPassword, revokeOtherSessions: true },
      });
    } catch (error) {
      if (error instanceof APIError && error.body?.code === "INVALID_PASSWORD") {
        throw new AppError("BAD_INPUT", "Some fields need attention.", { currentPassword: ["That is not your current password."] });
      }
      throw error;
    }
    refresh();
    return { ok: true, message: "Password changed. Your other sessions were signed out." };
  },
});

/** Revokes one of the user's own sessions, looked up among them so no other user's session can be named. */
export const revokeSession = signedInAction({
  schema: z.object({ sessionId: z.string().min(1) }),
  handler: async ({ sessionId }) => {
    const requestHeaders = await headers();
    const sessions = await getAuth().api.listSessions({ headers: requestHeaders });
    const session = sessions.find((candidate) => candidate.id === sessionId);
    if (!session) throw new AppError("NOT_FOUND", "That session has already ended. Reload the page to see the current list.");
    await getAuth().api.revokeSession({ headers: requestHeaders, body: { token: session.token } });
    refresh();
    return { ok: true, message: "Session signed out." };
  },
});

export const revokeOtherSessions = signedInAction({
  schema: z.object({}),
  handler: async () => {
    await getAuth().api.revokeOtherSessions({ headers: await headers() });
    refresh();
    return { ok: true, message: "Every other session was signed out." };
  },
});

/** The QR code of a TOTP setup URI, drawn on the server as an SVG for the authenticator app to scan. */
export async function totpQrCodeSvg(totpUri: string): Promise<string> {
  if (!(await getViewer())) throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again to continue.");
  const uri = z.string().startsWith("otpauth://totp/").max(1000).parse(totpUri);
  return QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
}
