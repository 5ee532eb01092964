import { WebhookVerificationError, isAppointmentEvent } from "@crmkit/core/webhooks";
import { buildWebhook, webhookExample, webhookTestKeys } from "@crmkit/mock/webhooks";
import { describe, expect, it } from "vitest";
import { normalizeOneLinkWebhook, oneLinkAppointmentEvents, oneLinkWebhookEvents, oneLinkWebhookReceiver, oneLinkWebhooks } from "../src/webhooks.js";

const receiver = oneLinkWebhooks({ secret: webhookTestKeys.sharedSecret });
const receive = (event: string, payload?: unknown) => {
  const built = buildWebhook("onelink", event, { url: "https://app.test/webhooks/onelink", ...(payload === undefined ? {} : { payload }) });
  return receiver.parse(new Request(built.url, { method: "POST", headers: built.headers, body: built.body }));
};
const example = (event: string) => webhookExample("onelink", event) as { appointment: Record<string, unknown> } & Record<string, unknown>;

describe("One-Link automation events, normalized", () => {
  it("are all appointment events", () => {
    expect(oneLinkWebhookReceiver.appointmentEvents).toEqual(oneLinkWebhookEvents);
    expect(receiver.appointmentEvents).toEqual(oneLinkAppointmentEvents);
  });

  it("map created → created, updated and completed → updated, cancelled → cancelled, with the payload's fields", async () => {
    const expected = {
      "automation_event.appointment_created": ["created", "scheduled", "2025-03-10T05:00:00.000Z"],
      "automation_event.appointment_updated": ["updated", "scheduled", "2025-03-11T10:00:00.000Z"],
      "automation_event.appointment_cancelled": ["cancelled", "cancelled", "2025-03-10T05:00:00.000Z"],
      "automation_event.appointment_completed": ["updated", "completed", "2025-03-10T05:00:00.000Z"],
    } as const;
    for (const name of oneLinkAppointmentEvents) {
      const raw = await receive(name);
      const event = normalizeOneLinkWebhook(raw);
      expect(isAppointmentEvent(event)).toBe(true);
      expect([event.type, event.appointment.status, event.appointment.start.toISOString()]).toEqual(expected[name]);
      expect(event).toMatchObject({ vendor: "onelink", raw, receivedAt: raw.receivedAt });
      expect(event.appointment).toEqual({
        vendor: "onelink",
        id: "1024",
        start: event.appointment.start,
        end: new Date(event.appointment.start.getTime() + 30 * 60_000),
        status: expected[name][1],
        title: "Консультация терапевта",
        calendarId: "7",
        contactId: "311",
        raw: example(name).appointment,
      });
    }
  });

  it("leaves out what the payload lacks, and refuses an appointment without times as malformed", async () => {
    const { service, ...withoutService } = example("automation_event.appointment_created");
    expect(service).toBeDefined();
    const bare = { ...withoutService, appointment: { ...example("automation_event.appointment_created").appointment, contact_id: null } };
    const event = normalizeOneLinkWebhook(await receive("automation_event.appointment_created", bare));
    expect(event.appointment).not.toHaveProperty("title");
    expect(event.appointment).not.toHaveProperty("contactId");
    const timeless = { ...bare, appointment: { ...bare.appointment, starts_at: "tomorrow" } };
    const parsed = await receive("automation_event.appointment_created", timeless);
    expect(() => normalizeOneLinkWebhook(parsed)).toThrow(WebhookVerificationError);
    expect(() => normalizeOneLinkWebhook(parsed)).toThrow(/appointment\.starts_at/);
  });
});
