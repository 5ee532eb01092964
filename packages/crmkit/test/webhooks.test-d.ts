import { describe, expectTypeOf, it } from "vitest";
import type { RescheduleOutcome } from "../src/index.js";
import { leadSquaredAdapter } from "../src/leadsquared.js";
import {
  type AppointmentEvent,
  type AppointmentEventType,
  type LeadConnectorWebhookEvent,
  type LeadSquaredWebhookEvent,
  type WebhookHandlerEvent,
  createWebhookHandler,
  leadConnectorWebhooks,
  leadSquaredWebhooks,
  oneLinkWebhooks,
} from "../src/webhooks.js";

const receivers = {
  leadconnector: leadConnectorWebhooks(),
  leadsquared: leadSquaredWebhooks({ secret: "s" }),
  onelink: oneLinkWebhooks({ secret: "s" }),
};
type Received = WebhookHandlerEvent<typeof receivers>;

describe("createWebhookHandler types", () => {
  it("returns a fetch handler", () => {
    expectTypeOf(createWebhookHandler({ ...receivers, onEvent: () => {} })).toEqualTypeOf<(request: Request) => Promise<Response>>();
  });

  it("types onEvent's event from the receivers: appointment events normalized, the others the vendor's typed events", () => {
    createWebhookHandler({
      ...receivers,
      onEvent: (event) => {
        expectTypeOf(event).toEqualTypeOf<Received>();
        if ("appointment" in event) {
          expectTypeOf(event.type).toEqualTypeOf<AppointmentEventType>();
          expectTypeOf(event.vendor).toEqualTypeOf<"leadconnector" | "onelink">();
          expectTypeOf(event.appointment.start).toEqualTypeOf<Date>();
          expectTypeOf(event.appointment.title).toEqualTypeOf<string | undefined>();
          if (event.vendor === "leadconnector") expectTypeOf(event.raw.event).toEqualTypeOf<"AppointmentCreate" | "AppointmentUpdate" | "AppointmentDelete">();
        } else if (event.vendor === "leadconnector") {
          expectTypeOf(event.event).toEqualTypeOf<Exclude<LeadConnectorWebhookEvent["event"], "AppointmentCreate" | "AppointmentUpdate" | "AppointmentDelete">>();
        } else {
          // One-Link has only appointment events, so what is left is LeadSquared's
          expectTypeOf(event).toEqualTypeOf<LeadSquaredWebhookEvent>();
        }
      },
    });
  });

  it("narrows to the receivers configured", () => {
    createWebhookHandler({
      onelink: oneLinkWebhooks({ secret: "s" }),
      onEvent: (event) => {
        // every One-Link event is an appointment event: nothing else can arrive
        expectTypeOf(event).toExtend<AppointmentEvent<"onelink">>();
        expectTypeOf(event.vendor).toEqualTypeOf<"onelink">();
        expectTypeOf(event.raw.event).toEqualTypeOf<(typeof receivers.onelink.events)[number]>();
      },
    });
  });

  it("needs onEvent, and receivers where receivers go", () => {
    // @ts-expect-error onEvent is required
    createWebhookHandler({ onelink: oneLinkWebhooks({ secret: "s" }) });
    // @ts-expect-error not a receiver
    createWebhookHandler({ onelink: { secret: "s" }, onEvent: () => {} });
  });
});

describe("rescheduleMany confirm types", () => {
  it("adds confirmed and confirmation to successful outcomes only", () => {
    type Ok = Extract<RescheduleOutcome, { ok: true }>;
    expectTypeOf<Ok["confirmed"]>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<Extract<RescheduleOutcome, { ok: false }>>().not.toHaveProperty("confirmed");
    expectTypeOf(leadSquaredAdapter({ accessKey: "a", secretKey: "s" }).confirm).toBeFunction();
  });
});
