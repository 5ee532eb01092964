import { ValidationError } from "@crmkit/core";
import { WebhookVerificationError, createMemoryReplayStore, isAppointmentEvent } from "@crmkit/core/webhooks";
import { buildWebhook, webhookExample, webhookTestKeys } from "@crmkit/mock/webhooks";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type LeadConnectorAppointmentWebhookEvent,
  leadConnectorAppointmentEvents,
  leadConnectorWebhookEvents,
  leadConnectorWebhookReceiver,
  leadConnectorWebhooks,
  normalizeLeadConnectorWebhook,
} from "../src/webhooks.js";

const keys = { rsaPublicKey: webhookTestKeys.rsa.publicKey, ed25519PublicKey: webhookTestKeys.ed25519.publicKey };
const receive = (event: string, payload?: unknown) => {
  const built = buildWebhook("leadconnector", event, { url: "https://app.test/webhooks/leadconnector", ...(payload === undefined ? {} : { payload }) });
  return leadConnectorWebhooks({ ...keys, replayStore: createMemoryReplayStore() }).parse(new Request(built.url, { method: "POST", headers: built.headers, body: built.body }));
};
const asAppointmentEvent = (event: Awaited<ReturnType<typeof receive>>) => normalizeLeadConnectorWebhook(event as LeadConnectorAppointmentWebhookEvent);
/** The documented example without its fixed delivery fields, so that the mock stamps fresh ones. */
const example = (event: string) => {
  const { timestamp, webhookId, ...rest } = webhookExample("leadconnector", event) as { appointment: Record<string, unknown> } & Record<string, unknown>;
  void [timestamp, webhookId];
  return rest as { appointment: Record<string, unknown> } & Record<string, unknown>;
};
const withStatus = (event: string, appointmentStatus: string) => ({ ...example(event), appointment: { ...example(event).appointment, appointmentStatus } });

describe("HighLevel appointment events, normalized", () => {
  it("declares the three appointment events; the opportunity events stay typed", () => {
    expect(leadConnectorWebhookReceiver.appointmentEvents).toEqual(["AppointmentCreate", "AppointmentUpdate", "AppointmentDelete"]);
    expect(leadConnectorWebhookEvents.filter((e) => !(leadConnectorAppointmentEvents as readonly string[]).includes(e)).every((e) => e.startsWith("Opportunity"))).toBe(true);
    expect(leadConnectorWebhookReceiver.normalize).toBe(normalizeLeadConnectorWebhook);
  });

  it("maps each documented example to its AppointmentEvent, with every field the payload has", async () => {
    const types = { AppointmentCreate: "created", AppointmentUpdate: "updated", AppointmentDelete: "deleted" } as const;
    for (const name of leadConnectorAppointmentEvents) {
      const raw = await receive(name);
      const event = asAppointmentEvent(raw);
      expect(isAppointmentEvent(event)).toBe(true);
      expect(event).toEqual({
        vendor: "leadconnector",
        type: types[name],
        receivedAt: raw.receivedAt,
        raw,
        appointment: {
          vendor: "leadconnector",
          id: "0007BWpSzSwfiuSl0tR2",
          start: new Date("2023-09-25T10:30:00Z"),
          end: new Date("2023-09-25T10:30:00Z"),
          status: "confirmed",
          title: "Appointment with GHL Dev team",
          calendarId: "BqTwX8QFwXzpegMve9EQ",
          contactId: "9NkT25Vor1v4aQatFsv2",
          assignedUserId: "YlWd2wuCAZQzh2cH1fVZ",
          createdAt: new Date("2023-09-25T10:30:00Z"),
          updatedAt: new Date("2023-09-25T10:30:00Z"),
          raw: example(name).appointment,
        },
      });
      expectTypeOf(event.raw.event).toEqualTypeOf<"AppointmentCreate" | "AppointmentUpdate" | "AppointmentDelete">();
    }
  });

  it("reads an update to a cancelled status as `cancelled`, other statuses as `updated`; a create stays `created` whatever its status", async () => {
    const typeOf = async (event: string, status: string) => asAppointmentEvent(await receive(event, withStatus(event, status))).type;
    expect(await typeOf("AppointmentUpdate", "cancelled")).toBe("cancelled");
    expect(await typeOf("AppointmentUpdate", "invalid")).toBe("cancelled");
    expect(await typeOf("AppointmentUpdate", "showed")).toBe("updated");
    expect(await typeOf("AppointmentUpdate", "something-new")).toBe("updated");
    expect(await typeOf("AppointmentCreate", "cancelled")).toBe("created");
    expect(asAppointmentEvent(await receive("AppointmentUpdate", withStatus("AppointmentUpdate", "noshow"))).appointment.status).toBe("no_show");
  });

  it("leaves out fields the payload lacks, and refuses an appointment without id or ISO 8601 times as malformed", async () => {
    const { title, dateAdded, ...bare } = example("AppointmentCreate").appointment;
    expect([title, dateAdded].every(Boolean)).toBe(true);
    const event = asAppointmentEvent(await receive("AppointmentCreate", { ...example("AppointmentCreate"), appointment: bare }));
    expect(event.appointment).not.toHaveProperty("title");
    expect(event.appointment).not.toHaveProperty("createdAt");
    const broken = { ...example("AppointmentCreate"), appointment: { ...bare, id: "", endTime: "2023-09-25 16:00" } };
    const parsed = await receive("AppointmentCreate", broken);
    expect(() => asAppointmentEvent(parsed)).toThrow(WebhookVerificationError);
    expect(() => asAppointmentEvent(parsed)).toThrow(expect.objectContaining({ reason: "malformed", message: "AppointmentCreate without a usable appointment.id, appointment.endTime: no appointment to report" }));
  });

  it("leadConnectorWebhooks checks its options and keys once, at configuration", () => {
    expect(() => leadConnectorWebhooks({ maxAgeMs: -1 })).toThrow(ValidationError);
    expect(() => leadConnectorWebhooks({ ed25519PublicKey: "not a key" })).toThrow(expect.objectContaining({ field: "ed25519PublicKey" }));
    expect(() => leadConnectorWebhooks({ rsaPublicKey: webhookTestKeys.rsa.privateKey })).toThrow(/not a private key/);
    expect(leadConnectorWebhooks(keys)).toMatchObject({ vendor: "leadconnector", events: leadConnectorWebhookEvents, appointmentEvents: leadConnectorAppointmentEvents });
  });
});
