"use client";

import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { deliveryMessage, type TDelivery } from "./delivery-result.ts";

/**
 * An invitation link just made, with a copy button: Gatehouse keeps only its hash, so it is shown this
 * once. Says whether the email went out, so the inviter knows whether to pass the link on themselves.
 */
export function InvitationLinkNotice({ delivery }: { delivery: TDelivery }) {
  const [copied, setCopied] = useState(false);
  // Links are built from GATEHOUSE_PUBLIC_URL (never from the request's Host, which a client can
  // forge); when that is unset or stale the link names another address than the one in use here.
  const [otherOrigin, setOtherOrigin] = useState<string | null>(null);
  useEffect(() => {
    const linkOrigin = new URL(delivery.link).origin;
    setOtherOrigin(linkOrigin === window.location.origin ? null : linkOrigin);
  }, [delivery.link]);
  const mail = deliveryMessage(delivery);
  return (
    <div role="status" className="space-y-3 rounded-lg border border-indigo-200 bg-indigo-50 p-4 text-left">
      <p className={`text-sm font-medium ${delivery.emailed ? "text-indigo-950" : "text-amber-900"}`}>{mail}</p>
      <div className="flex flex-wrap items-center gap-3">
        <code data-testid="invitation-link" className="min-w-0 flex-1 break-all rounded-md bg-white px-3 py-2 font-mono text-sm text-zinc-900 ring-1 ring-indigo-200">
          {delivery.link}
        </code>
        <Button
          variant="secondary"
          onClick={async () => {
            await navigator.clipboard.writeText(delivery.link);
            setCopied(true);
          }}
        >
          {copied ? "Copied" : "Copy link"}
        </Button>
      </div>
      {otherOrigin ? (
        <p className="text-sm text-amber-900">
          This link points at {otherOrigin}, not the address you are using. If people reach Gatehouse at another address, set
          GATEHOUSE_PUBLIC_URL to it and restart.
        </p>
      ) : null}
      <p className="text-xs text-zinc-600">This link is shown once. Resending the invitation makes a new one and the old one stops working.</p>
    </div>
  );
}
