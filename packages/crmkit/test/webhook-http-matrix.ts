// The handler's answers over real HTTP, for any server the examples mount it on: deliveries come from @crmkit/mock,
// signed with its test keys or carrying its test secret, as the vendors would send them.
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { sendWebhook, webhookExample, webhookTestKeys } from "@crmkit/mock/webhooks";
import { type AppointmentEvent, type WebhookRefusal, createMemoryReplayStore, isAppointmentEvent } from "crmkit/webhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ReceivedEvent, ReceiverSettings } from "../examples/webhook-receiver.js";

export type StartReceiver = (settings: ReceiverSettings) => Promise<{ url: string; close: () => Promise<void> }>;

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();
/** A HighLevel payload with its own delivery id, to send more than once. */
const highLevel = (event: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...(webhookExample("leadconnector", event) as Record<string, unknown>),
  timestamp: new Date().toISOString(),
  webhookId: randomUUID(),
  ...extra,
});

export function describeReceiverOverHttp(server: string, start: StartReceiver): void {
  describe(`createWebhookHandler on ${server}, over HTTP`, () => {
    const received: ReceivedEvent[] = [];
    const refusals: WebhookRefusal[] = [];
    let failures = 0;
    let base = "";
    let close = async () => {};
    const to = (vendor: string) => `${base}/webhooks/${vendor}`;
    const answers: string[] = [];
    const send = async (...args: Parameters<typeof sendWebhook>) => {
      const sent = await sendWebhook(...args);
      answers.push(sent.responseBody);
      return { status: sent.status, body: JSON.parse(sent.responseBody) as Record<string, unknown> };
    };

    beforeAll(async () => {
      ({ url: base, close } = await start({
        highLevel: { rsaPublicKey: webhookTestKeys.rsa.publicKey, ed25519PublicKey: webhookTestKeys.ed25519.publicKey },
        replayStore: createMemoryReplayStore(),
        sharedSecret: webhookTestKeys.sharedSecret,
        onEvent: async (event) => {
          await new Promise((resolve) => setImmediate(resolve)); // the answer waits for onEvent to settle
          if (failures > 0) {
            failures--;
            throw new Error("database unavailable");
          }
          received.push(event);
        },
        onRefused: (refusal) => refusals.push(refusal),
      }));
    });
    afterAll(() => close());
    beforeEach(() => {
      received.length = refusals.length = failures = 0;
    });

    it("200 once onEvent resolved: a HighLevel AppointmentCreate arrives as a `created` AppointmentEvent", async () => {
      expect(await send("leadconnector", "AppointmentCreate", { url: to("leadconnector") })).toEqual({ status: 200, body: { ok: true } });
      expect(received).toHaveLength(1);
      const event = received[0] as AppointmentEvent;
      expect(isAppointmentEvent(event)).toBe(true);
      expect(event).toMatchObject({ vendor: "leadconnector", type: "created", raw: { event: "AppointmentCreate", verifiedBy: "ed25519" } });
      expect(event.appointment).toMatchObject({ id: "0007BWpSzSwfiuSl0tR2", status: "confirmed", calendarId: "BqTwX8QFwXzpegMve9EQ", contactId: "9NkT25Vor1v4aQatFsv2" });
      expect(event.appointment.start.toISOString()).toBe("2023-09-25T10:30:00.000Z");
    });

    it("200 without calling onEvent for a replay, so HighLevel stops retrying", async () => {
      const payload = highLevel("AppointmentUpdate");
      expect((await send("leadconnector", "AppointmentUpdate", { url: to("leadconnector"), payload })).status).toBe(200);
      expect(await send("leadconnector", "AppointmentUpdate", { url: to("leadconnector"), payload })).toEqual({ status: 200, body: { ok: true, replay: true } });
      expect(received).toHaveLength(1);
      expect(refusals.map((r) => [r.status, r.reason])).toEqual([[200, "replay"]]);
    });

    it("401 for a signature that does not verify (wrong key, or a forged header), without calling onEvent", async () => {
      const stranger = generateKeyPairSync("ed25519").privateKey;
      expect(await send("leadconnector", "AppointmentCreate", { url: to("leadconnector"), privateKey: stranger })).toEqual({ status: 401, body: { ok: false, error: "signature" } });
      const forged = { "x-ghl-signature": Buffer.alloc(64).toString("base64"), "x-wh-signature": "AAAA" };
      expect((await send("leadconnector", "AppointmentCreate", { url: to("leadconnector"), headers: forged })).status).toBe(401);
      expect(received).toHaveLength(0);
    });

    it("401 for a stale delivery", async () => {
      const payload = highLevel("AppointmentCreate", { timestamp: minutesAgo(10) });
      expect(await send("leadconnector", "AppointmentCreate", { url: to("leadconnector"), payload })).toEqual({ status: 401, body: { ok: false, error: "stale" } });
      expect(refusals[0]).toMatchObject({ vendor: "leadconnector", status: 401, reason: "stale" });
    });

    it("400 for a malformed body, an appointment without times, or an event the contract does not know", async () => {
      expect(await send("leadconnector", "AppointmentCreate", { url: to("leadconnector"), payload: "{not json" })).toEqual({ status: 400, body: { ok: false, error: "malformed" } });
      const base = highLevel("AppointmentCreate");
      const timeless = { ...base, appointment: { ...(base.appointment as object), startTime: undefined } };
      expect((await send("leadconnector", "AppointmentCreate", { url: to("leadconnector"), payload: timeless })).status).toBe(400);
      // released: a corrected re-send is not mistaken for a replay of the refused one
      expect((await send("leadconnector", "AppointmentCreate", { url: to("leadconnector"), payload: timeless })).body).toEqual({ ok: false, error: "malformed" });
      const unknown = highLevel("AppointmentCreate", { type: "ContactCreate" });
      expect(await send("leadconnector", "AppointmentCreate", { url: to("leadconnector"), payload: unknown })).toEqual({ status: 400, body: { ok: false, error: "unknown-event" } });
      expect(received).toHaveLength(0);
    });

    it("500 when onEvent throws; HighLevel's retry of the same delivery is then accepted (200), and a third copy is a replay", async () => {
      const payload = highLevel("AppointmentDelete");
      failures = 1;
      expect(await send("leadconnector", "AppointmentDelete", { url: to("leadconnector"), payload })).toEqual({ status: 500, body: { ok: false, error: "on-event" } });
      expect(refusals[0]).toMatchObject({ status: 500, reason: "on-event", error: new Error("database unavailable") });
      expect(await send("leadconnector", "AppointmentDelete", { url: to("leadconnector"), payload })).toEqual({ status: 200, body: { ok: true } });
      expect(received).toMatchObject([{ type: "deleted", raw: { deliveryId: payload.webhookId } }]);
      expect((await send("leadconnector", "AppointmentDelete", { url: to("leadconnector"), payload })).body).toEqual({ ok: true, replay: true });
      expect(received).toHaveLength(1);
    });

    it("One-Link events arrive normalized and LeadSquared task events typed; a wrong secret is 401", async () => {
      expect((await send("onelink", "automation_event.appointment_completed", { url: to("onelink") })).status).toBe(200);
      expect(received[0]).toMatchObject({ vendor: "onelink", type: "updated", appointment: { id: "1024", status: "completed", calendarId: "7" } });
      expect((await send("leadsquared", "TaskUpdate", { url: to("leadsquared"), payload: { UserTaskId: "t-1" } })).status).toBe(200);
      expect(received[1]).toMatchObject({ vendor: "leadsquared", event: "TaskUpdate", payload: { UserTaskId: "t-1" }, verifiedBy: "shared-secret" });
      expect(isAppointmentEvent(received[1])).toBe(false);
      for (const vendor of ["onelink", "leadsquared"] as const) {
        const event = vendor === "onelink" ? "automation_event.appointment_created" : "TaskCreate";
        expect(await send(vendor, event, { url: to(vendor), secret: "guessed" })).toEqual({ status: 401, body: { ok: false, error: "signature" } });
      }
      expect(received).toHaveLength(2);
    });

    it("routes by the path's last segment: 404 for a vendor not configured, 405 for anything but POST", async () => {
      expect((await fetch(to("pexip-engage"), { method: "POST", body: "{}" })).status).toBe(404);
      expect((await fetch(`${base}/webhooks`, { method: "POST", body: "{}" })).status).toBe(404);
      const get = await fetch(to("leadconnector"));
      expect([get.status, get.headers.get("allow")]).toEqual([405, "POST"]);
    });

    it("never puts a secret in an answer or a refusal", () => {
      const said = JSON.stringify([answers, refusals.map(({ message, reason, vendor }) => ({ message, reason, vendor }))]);
      expect(answers.length).toBeGreaterThan(0);
      expect(said).not.toContain(webhookTestKeys.sharedSecret);
      expect(said).not.toContain("guessed");
      expect(said).not.toMatch(/PRIVATE KEY|PUBLIC KEY/);
    });
  });
}
