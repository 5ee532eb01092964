import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ValidationError } from "@crmkit/core";
import { WebhookVerificationError, nodeHandler } from "@crmkit/core/webhooks";
import { buildWebhook, sendWebhook, webhookEvents, webhookExample, webhookTestKeys } from "@crmkit/mock/webhooks";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type LeadSquaredWebhookOptions,
  type LeadSquaredWebhookPayload,
  leadSquaredStatusWebhookUrl,
  leadSquaredWebhookEvents,
  leadSquaredWebhookReceiver,
  leadSquaredWebhookSettings,
  parseWebhook,
} from "../src/webhooks.js";

const SECRET = webhookTestKeys.sharedSecret;
const url = "https://app.test/hooks/leadsquared";
const requestOf = (built: { url: string; headers: Record<string, string>; body: string }, headers = built.headers) =>
  new Request(built.url, { method: "POST", headers, body: built.body });

async function refusal(attempt: Promise<unknown>): Promise<WebhookVerificationError> {
  const error = await attempt.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(WebhookVerificationError);
  return error as WebhookVerificationError;
}

describe("shared secret", () => {
  it("accepts the configured secret from the custom header, and refuses a wrong or missing one without echoing either", async () => {
    const built = buildWebhook("leadsquared", "TaskUpdate", { url });
    expect((await parseWebhook(requestOf(built), { secret: SECRET })).verifiedBy).toBe("shared-secret");
    const wrong = `${SECRET}-not`;
    const attempts: Record<string, string>[] = [{ ...built.headers, "x-crmkit-webhook-secret": wrong }, { "x-crmkit-event": "TaskUpdate" }];
    for (const headers of attempts) {
      const error = await refusal(parseWebhook(requestOf(built, headers), { secret: SECRET }));
      expect(error.reason).toBe("signature");
      expect(`${error.message} ${JSON.stringify(error)}`).not.toMatch(new RegExp(`${SECRET}|${wrong}`));
    }
  });

  it("reads the secret and the event from the query string of a bulk job's StatusWebhookURL", async () => {
    const statusUrl = leadSquaredStatusWebhookUrl("https://app.test/hooks/lsq-status?job=reschedule-42", SECRET);
    expect(new URL(statusUrl).searchParams.get("job")).toBe("reschedule-42");
    const request = new Request(statusUrl, { method: "POST", body: '{"Status":"Success"}' });
    const parsed = await parseWebhook(request, { secret: SECRET });
    expect([parsed.event, parsed.payload, parsed.verifiedBy]).toEqual(["BulkUpdateAppointmentTimeStatus", { Status: "Success" }, "shared-secret"]);
    // The body format is undocumented: text that is not JSON is handed over as text.
    const text = await parseWebhook(new Request(statusUrl, { method: "POST", body: "Id=5812945&IsSuccessful=true" }), { secret: SECRET });
    expect(text.payload).toBe("Id=5812945&IsSuccessful=true");
  });

  it("requires a secret unless the caller opts out by name", async () => {
    const built = buildWebhook("leadsquared", "TaskCreate", { url });
    await expect(parseWebhook(requestOf(built), {} as LeadSquaredWebhookOptions)).rejects.toThrow(ValidationError);
    const accepted = await parseWebhook(requestOf(built, { "x-crmkit-event": "TaskCreate" }), { unverified: "i-accept-unsigned-webhooks" });
    expect(accepted.verifiedBy).toBe("none");
  });
});

describe("events", () => {
  it("takes the event from the option, else the x-crmkit-event header, and refuses unknown or missing ones", async () => {
    const built = buildWebhook("leadsquared", "TaskComplete", { url });
    expect((await parseWebhook(requestOf(built), { secret: SECRET })).event).toBe("TaskComplete");
    expect((await parseWebhook(requestOf(built, { "x-crmkit-webhook-secret": SECRET }), { secret: SECRET, event: "TaskReminder" })).event).toBe("TaskReminder");
    const unknown = await refusal(parseWebhook(requestOf(built, { ...built.headers, "x-crmkit-event": "LeadCreate" }), { secret: SECRET }));
    expect(unknown.reason).toBe("unknown-event");
    expect((await refusal(parseWebhook(requestOf(built, { "x-crmkit-webhook-secret": SECRET }), { secret: SECRET }))).reason).toBe("unknown-event");
  });

  it("refuses a task body that is not a JSON object", async () => {
    const built = buildWebhook("leadsquared", "TaskCreate", { url, payload: "[1,2]" });
    expect((await refusal(parseWebhook(requestOf(built), { secret: SECRET }))).reason).toBe("malformed");
  });

  it("are the spec's webhooks; each example parses to its typed event", async () => {
    expect(webhookEvents("leadsquared")).toEqual([...leadSquaredWebhookEvents]);
    expect(leadSquaredWebhookReceiver).toMatchObject({ vendor: "leadsquared", events: leadSquaredWebhookEvents, parse: parseWebhook });
    for (const event of leadSquaredWebhookEvents) {
      const parsed = await parseWebhook(requestOf(buildWebhook("leadsquared", event, { url })), { secret: SECRET });
      expect([parsed.event, parsed.payload]).toEqual([event, webhookExample("leadsquared", event)]);
    }
    expectTypeOf<LeadSquaredWebhookPayload<"TaskCreate">>().toEqualTypeOf<{ [key: string]: unknown }>();
    expectTypeOf<LeadSquaredWebhookPayload<"BulkUpdateAppointmentTimeStatus">>().toBeUnknown();
  });

  it("builds the Webhook.svc/Create body that makes LeadSquared send the secret and the event name", () => {
    const body = leadSquaredWebhookSettings({ event: "TaskUpdate", url, secret: SECRET });
    expect(body).toMatchObject({ URL: url, Method: "POST", ContentType: "application/json", WebhookEvent: "17" });
    expect(body.CustomHeaders).toEqual([
      { Key: "x-crmkit-webhook-secret", Value: SECRET },
      { Key: "x-crmkit-event", Value: "TaskUpdate" },
    ]);
    expect(() => leadSquaredWebhookSettings({ event: "LeadCreate" as never, url, secret: SECRET })).toThrow(/event/);
    expect(() => leadSquaredWebhookSettings({ event: "TaskUpdate", url, secret: "" })).toThrow(/secret/);
  });
});

describe("delivered by @crmkit/mock to a node:http receiver", () => {
  it("answers 200 to deliveries with the secret and 401 without it", async () => {
    const server = createServer(
      nodeHandler(async (request) => {
        try {
          const event = await parseWebhook(request, { secret: SECRET });
          return new Response(event.event, { status: 200 });
        } catch (error) {
          if (error instanceof WebhookVerificationError) return new Response(error.reason, { status: 401 });
          throw error;
        }
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const hook = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/leadsquared`;
    try {
      expect(await sendWebhook("leadsquared", "TaskCreate", { url: hook }).then((r) => [r.status, r.responseBody])).toEqual([200, "TaskCreate"]);
      expect((await sendWebhook("leadsquared", "BulkUpdateAppointmentTimeStatus", { url: hook })).status).toBe(200);
      expect((await sendWebhook("leadsquared", "TaskUpdate", { url: hook, secret: "guessed" })).status).toBe(401);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
