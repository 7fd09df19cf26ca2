"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { totpQrCodeSvg } from "../actions.ts";
import { AuthStepForm } from "./auth-step-form.tsx";
import { RecoveryCodes } from "./recovery-codes.tsx";

const WRONG_PASSWORD = "That is not your password. Enter the password you sign in with.";
const WRONG_CODE = "That code is not right. Enter the current 6-digit code from your authenticator app.";

type TSetup = { totpUri: string; secret: string; qrSvg: string; backupCodes: string[] };
type TPhase = { name: "idle" } | { name: "confirm"; setup: TSetup } | { name: "codes"; codes: string[] };

async function setupFrom(data: unknown): Promise<TSetup> {
  const { totpURI, backupCodes } = data as { totpURI: string; backupCodes: string[] };
  const secret = new URL(totpURI).searchParams.get("secret") ?? "";
  return { totpUri: totpURI, secret, qrSvg: await totpQrCodeSvg(totpURI), backupCodes };
}

/**
 * Turning TOTP on (password, scan, confirm with a first code, save the recovery codes) and, once on,
 * off again or new recovery codes. better-auth only marks it enabled after the first code checks out.
 */
export function TwoFactorCard({ enabled }: { enabled: boolean }) {
  const router = useRouter();
  const [phase, setPhase] = useState<TPhase>({ name: "idle" });
  const finish = () => {
    setPhase({ name: "idle" });
    router.refresh();
  };

  if (phase.name === "codes") {
    return (
      <div className="space-y-4">
        <p role="status" className="text-sm text-emerald-700">
          Two-factor authentication is on.
        </p>
        <RecoveryCodes codes={phase.codes} />
        <Button onClick={finish}>I have stored my recovery codes</Button>
      </div>
    );
  }
  if (phase.name === "confirm") {
    const { setup } = phase;
    return (
      <div className="space-y-5">
        <p className="text-sm text-zinc-600">Scan this code with your authenticator app, then enter the 6-digit code it shows.</p>
        <div className="flex flex-wrap items-start gap-6">
          {/* The SVG is drawn by the qrcode library on the server from the otpauth URI alone. */}
          <div role="img" aria-label="QR code for your authenticator app" className="size-44 shrink-0 ring-1 ring-zinc-200" dangerouslySetInnerHTML={{ __html: setup.qrSvg }} />
          <dl className="min-w-0 flex-1 space-y-3 text-sm">
            <div>
              <dt className="font-medium text-zinc-800">Setup key (if you cannot scan)</dt>
              <dd data-testid="totp-secret" className="mt-1 font-mono break-all text-zinc-900 select-all">
                {setup.secret}
              </dd>
            </div>
            <div>
              <dt className="font-medium text-zinc-800">otpauth URI</dt>
              <dd className="mt-1 font-mono text-xs break-all text-zinc-600 select-all">{setup.totpUri}</dd>
            </div>
          </dl>
        </div>
        <AuthStepForm
          path="/two-factor/verify-totp"
          field={{ name: "code", label: "Code from the app" }}
          submitLabel="Turn on two-factor authentication"
          wrongMessage={WRONG_CODE}
          onDone={() => setPhase({ name: "codes", codes: setup.backupCodes })}
        />
      </div>
    );
  }
  if (!enabled) {
    return (
      <div className="space-y-4">
        <p className="text-sm text-zinc-600">Off. Signing in asks for your password only. Enter your password to set up an authenticator app.</p>
        <AuthStepForm
          path="/two-factor/enable"
          field={{ name: "password", label: "Password" }}
          submitLabel="Set up two-factor authentication"
          wrongMessage={WRONG_PASSWORD}
          onDone={async (data) => setPhase({ name: "confirm", setup: await setupFrom(data) })}
        />
      </div>
    );
  }
  return (
    <div className="space-y-6">
      <p className="text-sm text-emerald-700">On. Signing in asks for a code from your authenticator app after your password.</p>
      <div className="space-y-2">
        <h3 className="text-sm font-medium text-zinc-900">New recovery codes</h3>
        <p className="text-sm text-zinc-600">Replaces all your recovery codes; the old ones stop working.</p>
        <AuthStepForm
          path="/two-factor/generate-backup-codes"
          field={{ name: "password", label: "Password" }}
          submitLabel="Generate new recovery codes"
          variant="secondary"
          wrongMessage={WRONG_PASSWORD}
          onDone={(data) => setPhase({ name: "codes", codes: (data as { backupCodes: string[] }).backupCodes })}
        />
      </div>
      <div className="space-y-2">
        <h3 className="text-sm font-medium text-zinc-900">Turn off</h3>
        <AuthStepForm
          path="/two-factor/disable"
          field={{ name: "password", label: "Password" }}
          submitLabel="Turn off two-factor authentication"
          variant="danger-secondary"
          wrongMessage={WRONG_PASSWORD}
          onDone={finish}
        />
      </div>
    </div>
  );
}
