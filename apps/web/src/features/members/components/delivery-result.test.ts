import { describe, expect, it } from "vitest";
import { deliveryMessage, deliveryOf } from "./delivery-result.ts";

const link = "https://gatehouse.example/invite/abc";

describe("invitation delivery in the form state", () => {
  it("reads the delivery back from a successful state, and nothing from others", () => {
    const delivery = { link, email: "a@example.com", emailed: true };
    expect(deliveryOf({ ok: true, message: "Invited.", delivery })).toEqual(delivery);
    expect(deliveryOf({ ok: true })).toBeNull();
    expect(deliveryOf({ ok: false, message: "No.", fieldErrors: {}, values: {} })).toBeNull();
    expect(deliveryOf({ ok: true, delivery: { link } })).toBeNull();
  });

  it("tells the inviter whether to pass the link on", () => {
    expect(deliveryMessage({ link, email: "a@example.com", emailed: true })).toBe("Emailed to a@example.com.");
    expect(deliveryMessage({ link, email: "a@example.com", emailed: false })).toBe("Email is not set up on this instance: copy the link and send it yourself.");
    expect(deliveryMessage({ link, email: "a@example.com", emailed: false, emailProblem: "Nothing accepts connections at smtp.example.com:587. Check the host and port." })).toBe(
      "The email to a@example.com was not sent: Nothing accepts connections at smtp.example.com:587. Check the host and port. Copy the link and send it yourself.",
    );
  });
});
