import type { TCertificateDetailView } from "@gatehouse/db";
import Link from "next/link";
import type { TAcmeReadiness } from "../acme-readiness.ts";
import { formatUtc, formatUtcSeconds } from "../certificate-dates.ts";
import { EVENT_STEP_LABELS, orderProgress, type TStepState } from "../order-progress.ts";

const STEP_STYLES: Record<TStepState, { circle: string; text: string; word: string }> = {
  done: { circle: "bg-emerald-500 text-white", text: "text-zinc-900", word: "done" },
  current: { circle: "bg-amber-400 text-white animate-pulse", text: "text-zinc-900", word: "in progress" },
  failed: { circle: "bg-red-600 text-white", text: "text-red-800", word: "failed" },
  upcoming: { circle: "bg-white text-zinc-400 ring-1 ring-inset ring-zinc-300", text: "text-zinc-500", word: "not yet" },
};

function StepMark({ state, index }: { state: TStepState; index: number }) {
  if (state === "done") {
    return (
      <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-3.5">
        <path d="M16.7 5.3a1 1 0 0 1 0 1.4l-8 8a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.4L8 12.6l7.3-7.3a1 1 0 0 1 1.4 0Z" />
      </svg>
    );
  }
  if (state === "failed") return <span aria-hidden="true">!</span>;
  return <span aria-hidden="true">{index + 1}</span>;
}

/** Nothing moves while the instance has no ACME account: say so, and who can fix it. */
function WaitingForAccount({ viewerCanConfigure }: { viewerCanConfigure: boolean }) {
  return (
    <p className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
      Waiting for an ACME account:{" "}
      {viewerCanConfigure ? (
        <>
          set one up in{" "}
          <Link href="/settings" className="font-medium underline underline-offset-2 hover:no-underline">
            Settings
          </Link>{" "}
          and the order starts within seconds.
        </>
      ) : (
        "the instance owner sets one up in Settings."
      )}
    </p>
  );
}

type TOrderTimelineProps = {
  certificate: Pick<TCertificateDetailView, "events" | "lastError" | "status">;
  acme: TAcmeReadiness;
};

/**
 * The ACME order as it happens: the four steps of the latest attempt, then every recorded event with
 * its message (a failure carries the CA's problem detail and what to check).
 */
export function OrderTimeline({ certificate, acme }: TOrderTimelineProps) {
  const steps = orderProgress(certificate.events);
  const events = [...certificate.events].reverse();
  const failed = steps.some((step) => step.state === "failed");
  return (
    <div className="space-y-5">
      <ol aria-label="Order steps" className="grid gap-3 sm:grid-cols-4">
        {steps.map((step, index) => {
          const style = STEP_STYLES[step.state];
          return (
            <li key={step.step} className="flex items-center gap-2.5" aria-current={step.state === "current" ? "step" : undefined}>
              <span className={`flex size-6 shrink-0 items-center justify-center rounded-full text-xs font-semibold ${style.circle}`}>
                <StepMark state={step.state} index={index} />
              </span>
              <span className={`text-sm font-medium ${style.text}`}>
                {step.label}
                <span className="sr-only"> ({style.word})</span>
              </span>
            </li>
          );
        })}
      </ol>

      {failed && certificate.lastError ? (
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          <p className="font-medium">The last order failed</p>
          <p className="mt-0.5 whitespace-pre-line break-words">{certificate.lastError}</p>
          <p className="mt-1 text-xs text-red-700">Gatehouse retries on its own, waiting longer after each failure; fix the cause and it gets through.</p>
        </div>
      ) : null}

      {certificate.status === "pending" && !acme.configured ? <WaitingForAccount viewerCanConfigure={acme.viewerCanConfigure} /> : null}

      {events.length > 0 ? (
        <div className="space-y-1.5">
          <h3 className="text-xs font-medium uppercase tracking-wide text-zinc-500">Events, newest first (UTC)</h3>
          <ol aria-label="Order events" className="divide-y divide-zinc-100 rounded-lg ring-1 ring-zinc-200">
            {events.map((event, index) => (
              <li key={`${event.createdAt.toISOString()}-${index}`} className="grid gap-x-4 gap-y-0.5 px-3 py-2 text-sm sm:grid-cols-[9rem_7.5rem_minmax(0,1fr)]">
                <time dateTime={event.createdAt.toISOString()} title={formatUtc(event.createdAt)} className="whitespace-nowrap pt-px text-xs tabular-nums text-zinc-500">
                  {formatUtcSeconds(event.createdAt)}
                </time>
                <span className={`font-medium ${event.step === "failed" ? "text-red-700" : event.step === "issued" ? "text-emerald-700" : "text-zinc-900"}`}>
                  {EVENT_STEP_LABELS[event.step]}
                </span>
                <span className="break-words text-zinc-600">{event.message}</span>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </div>
  );
}
