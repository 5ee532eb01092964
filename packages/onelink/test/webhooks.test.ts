import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ValidationError } from "@crmkit/core";
import { WebhookVerificationError, nodeHandler } from "@crmkit/core/webhooks";
import { buildWebhook, sendWebhook, webhookEvents, webhookExample, webhookTestKeys } from "@crmkit/mock/webhooks";
import { describe, expect, expectTypeOf, it } from "vitest";
import { type OneLinkWebhookOptions, oneLinkWebhookEvents, oneLinkWebhookReceiver, oneLinkWebhookUrl, parseWebhook } from "../src/webhooks.js";

const SECRET = webhookTestKeys.sharedSecret;
const url = "https://app.test/hooks/onelink";
const requestOf = (built: { url: string; headers: Record<string, string>; body: string }, target = built.url) =>
  new Request(target, { method: "POST", headers: built.headers, body: built.body });

async function refusal(attempt: Promise<unknown>): Promise<WebhookVerificationError> {
  const error = await attempt.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(WebhookVerificationError);
  return error as WebhookVerificationError;
}

describe("One-Link automation webhooks", () => {
  it("are authenticated by the secret in the URL given to the automation rule", async () => {
    const ruleUrl = oneLinkWebhookUrl(url, SECRET);
    expect(new URL(ruleUrl).searchParams.get("crmkit_webhook_secret")).toBe(SECRET);
    const built = buildWebhook("onelink", "automation_event.appointment_cancelled", { url });
    expect(built.url).toBe(ruleUrl);
    expect((await parseWebhook(requestOf(built), { secret: SECRET })).verifiedBy).toBe("shared-secret");
    for (const target of [url, oneLinkWebhookUrl(url, "guessed-secret")]) {
      const error = await refusal(parseWebhook(requestOf(built, target), { secret: SECRET }));
      expect(error.reason).toBe("signature");
      expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(SECRET);
    }
  });

  it("need a secret unless the caller opts out by name", async () => {
    const built = buildWebhook("onelink", "automation_event.appointment_created", { url });
    await expect(parseWebhook(requestOf(built, url), {} as OneLinkWebhookOptions)).rejects.toThrow(ValidationError);
    expect((await parseWebhook(requestOf(built, url), { unverified: "i-accept-unsigned-webhooks" })).verifiedBy).toBe("none");
  });

  it("refuse bodies that are not JSON objects or name no known event", async () => {
    const notJson = buildWebhook("onelink", "automation_event.appointment_created", { url, payload: "<xml/>" });
    expect((await refusal(parseWebhook(requestOf(notJson), { secret: SECRET }))).reason).toBe("malformed");
    const other = buildWebhook("onelink", "automation_event.appointment_created", { url, payload: { event: "automation_event.deal_created" } });
    expect((await refusal(parseWebhook(requestOf(other), { secret: SECRET }))).reason).toBe("unknown-event");
  });

  it("are the spec's webhooks; each example parses to its typed event", async () => {
    expect(webhookEvents("onelink")).toEqual([...oneLinkWebhookEvents]);
    expect(oneLinkWebhookReceiver).toMatchObject({ vendor: "onelink", events: oneLinkWebhookEvents, parse: parseWebhook });
    for (const event of oneLinkWebhookEvents) {
      const parsed = await parseWebhook(requestOf(buildWebhook("onelink", event, { url })), { secret: SECRET });
      expect([parsed.event, parsed.payload]).toEqual([event, webhookExample("onelink", event)]);
      if (parsed.event === "automation_event.appointment_cancelled") {
        expectTypeOf(parsed.payload.event).toEqualTypeOf<"automation_event.appointment_cancelled">();
        expectTypeOf(parsed.payload.appointment.status).toEqualTypeOf<"scheduled" | "confirmed" | "completed" | "cancelled" | "no_show">();
        expect(parsed.payload.appointment.status).toBe("cancelled");
      }
    }
  });

  it("are delivered by @crmkit/mock to a node:http receiver: 200 with the secret, 401 without", async () => {
    const server = createServer(
      nodeHandler(async (request) => {
        try {
          return new Response((await parseWebhook(request, { secret: SECRET })).event, { status: 200 });
        } catch (error) {
          if (error instanceof WebhookVerificationError) return new Response(error.reason, { status: 401 });
          throw error;
        }
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const hook = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/onelink`;
    try {
      const sent = await sendWebhook("onelink", "automation_event.appointment_completed", { url: hook });
      expect([sent.status, sent.responseBody]).toEqual([200, "automation_event.appointment_completed"]);
      expect((await sendWebhook("onelink", "automation_event.appointment_updated", { url: hook, secret: "guessed" })).status).toBe(401);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
