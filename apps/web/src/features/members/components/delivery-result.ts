import { z } from "zod";

/**
 * What the invite and resend actions answer besides ok: the link (shown this once: only its hash is
 * stored) and what became of the email. The form state type has no room for it, so it rides along
 * and the components read it back with `deliveryOf`.
 */
const ZDelivery = z.object({
  link: z.string(),
  email: z.string(),
  emailed: z.boolean(),
  emailProblem: z.string().optional(),
});

export type TDelivery = z.infer<typeof ZDelivery>;

export function deliveryOf(state: object): TDelivery | null {
  const delivery = "delivery" in state ? ZDelivery.safeParse(state.delivery) : null;
  return delivery?.success ? delivery.data : null;
}

/** What the inviter is told about the email, so they know whether to pass the link on themselves. */
export function deliveryMessage(delivery: TDelivery): string {
  if (delivery.emailed) return `Emailed to ${delivery.email}.`;
  if (delivery.emailProblem) return `The email to ${delivery.email} was not sent: ${delivery.emailProblem} Copy the link and send it yourself.`;
  return "Email is not set up on this instance: copy the link and send it yourself.";
}
