import { describe, expect, it } from "vitest";
import {
  type ReceivedWebhook,
  WebhookVerificationError,
  appointmentEvent,
  configureWebhookReceiver,
  deliveredEvent,
  idOf,
  isAppointmentEvent,
  textOf,
  type WebhookReceiver,
} from "../src/webhooks.js";

type Payload = { id?: unknown; from?: string; to?: string };
type Event = ReceivedWebhook<"acme", "booked", Payload> | ReceivedWebhook<"acme", "note", Payload>;
const received = (event: Event["event"], payload: Payload): Event => ({ vendor: "acme", event, payload, deliveryId: "d-1", receivedAt: new Date(0), verifiedBy: "none" });
const names = { id: "id", start: "from", end: "to" };

describe("appointmentEvent", () => {
  it("builds the normalized event, leaving out fields the vendor did not give", () => {
    const raw = received("booked", { id: 7, from: "x", to: "y" });
    const event = appointmentEvent(raw, "created", { id: "7", start: new Date(1), end: new Date(2), status: "scheduled", title: undefined, contactId: "c-1", raw: raw.payload }, names);
    expect(event).toEqual({
      vendor: "acme",
      type: "created",
      receivedAt: raw.receivedAt,
      raw,
      appointment: { vendor: "acme", id: "7", start: new Date(1), end: new Date(2), status: "scheduled", contactId: "c-1", raw: raw.payload },
    });
    expect(Object.keys(event.appointment)[0]).toBe("vendor");
    expect(isAppointmentEvent(event)).toBe(true);
    expect(isAppointmentEvent(raw)).toBe(false);
  });

  it("is malformed without an id, a start or an end, naming the payload fields missing", () => {
    const raw = received("booked", {});
    const attempt = () => appointmentEvent(raw, "created", { id: undefined, start: new Date(1), end: undefined, status: "unknown", raw: {} }, names);
    expect(attempt).toThrow(WebhookVerificationError);
    expect(attempt).toThrow(expect.objectContaining({ reason: "malformed", vendor: "acme", message: "booked without a usable id, to: no appointment to report" }));
  });

  it("reads ids and texts defensively", () => {
    expect([idOf("a"), idOf(12), idOf(""), idOf(" "), idOf(Number.NaN), idOf(null), idOf({})]).toEqual(["a", "12", undefined, undefined, undefined, undefined, undefined]);
    expect([textOf("t"), textOf(""), textOf(3)]).toEqual(["t", undefined, undefined]);
  });
});

describe("configured receivers", () => {
  const calls: unknown[] = [];
  const receiver: WebhookReceiver<"acme", Event, { secret: string }, "booked"> = {
    vendor: "acme",
    events: ["booked", "note"],
    appointmentEvents: ["booked"],
    parse: async (request, options) => (calls.push(["parse", request.url, options]), received(request.url.endsWith("note") ? "note" : "booked", { id: 1, from: "f", to: "t" })),
    release: async (event, options) => void calls.push(["release", event.deliveryId, options]),
    normalize: (event) => appointmentEvent(event, "created", { id: "1", start: new Date(1), end: new Date(2), status: "scheduled", raw: event.payload }, names),
  };

  it("bind the options to parse and release", async () => {
    const configured = configureWebhookReceiver(receiver, { secret: "s" });
    expect(configured).toMatchObject({ vendor: "acme", events: ["booked", "note"], appointmentEvents: ["booked"] });
    const event = await configured.parse(new Request("https://x.test/booked", { method: "POST" }));
    await configured.release(event);
    expect(calls).toEqual([
      ["parse", "https://x.test/booked", { secret: "s" }],
      ["release", "d-1", { secret: "s" }],
    ]);
  });

  it("deliver appointment events normalized and the others as they are", async () => {
    const configured = configureWebhookReceiver(receiver, { secret: "s" });
    const booked = await configured.parse(new Request("https://x.test/booked", { method: "POST" }));
    const note = await configured.parse(new Request("https://x.test/note", { method: "POST" }));
    expect(deliveredEvent(configured, booked)).toMatchObject({ type: "created", appointment: { id: "1" }, raw: booked });
    expect(deliveredEvent(configured, note)).toBe(note);
  });
});
