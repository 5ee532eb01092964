import { generateKeyPairSync } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ValidationError } from "@crmkit/core";
import { WebhookVerificationError, createMemoryReplayStore, nodeHandler } from "@crmkit/core/webhooks";
import { type SendWebhookOptions, buildWebhook, sendWebhook, webhookEvents, webhookExample, webhookTestKeys } from "@crmkit/mock/webhooks";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type LeadConnectorWebhookOptions,
  type LeadConnectorWebhookPayload,
  highLevelWebhookRsaPublicKey,
  leadConnectorAppointmentEvents,
  leadConnectorWebhookEvents,
  leadConnectorWebhookReceiver,
  normalizeLeadConnectorWebhook,
  parseWebhook,
  releaseDelivery,
} from "../src/webhooks.js";

const keys = { rsaPublicKey: webhookTestKeys.rsa.publicKey, ed25519PublicKey: webhookTestKeys.ed25519.publicKey };
const receiver = (extra: LeadConnectorWebhookOptions = {}): LeadConnectorWebhookOptions => ({ ...keys, replayStore: createMemoryReplayStore(), ...extra });
const url = "https://app.test/hooks/highlevel";
const requestOf = (built: { url: string; headers: Record<string, string>; body: string }, body = built.body) =>
  new Request(built.url, { method: "POST", headers: built.headers, body });
const delivery = (event = "AppointmentCreate", options: Partial<SendWebhookOptions> = {}) => buildWebhook("leadconnector", event, { url, ...options });
const minutes = (n: number) => n * 60_000;

async function refusal(attempt: Promise<unknown>): Promise<WebhookVerificationError> {
  const error = await attempt.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(WebhookVerificationError);
  return error as WebhookVerificationError;
}

describe("signature vectors", () => {
  const other = { rsa: generateKeyPairSync("rsa", { modulusLength: 2048 }), ed: generateKeyPairSync("ed25519") };
  const pem = (key: { export(o: object): string | Buffer }) => key.export({ type: "pkcs8", format: "pem" }).toString();

  it("accepts a valid Ed25519 signature, a valid RSA signature, and prefers Ed25519 when both are present", async () => {
    const edOnly = delivery("AppointmentCreate", { privateKey: webhookTestKeys.ed25519.privateKey });
    const rsaOnly = delivery("AppointmentCreate", { privateKey: webhookTestKeys.rsa.privateKey });
    expect(Object.keys(edOnly.headers)).toContain("x-ghl-signature");
    expect(Object.keys(rsaOnly.headers)).toContain("x-wh-signature");
    expect((await parseWebhook(requestOf(edOnly), receiver())).verifiedBy).toBe("ed25519");
    expect((await parseWebhook(requestOf(rsaOnly), receiver())).verifiedBy).toBe("rsa-sha256");
    expect((await parseWebhook(requestOf(delivery()), receiver())).verifiedBy).toBe("ed25519");
    // Without an Ed25519 key the RSA signature of the same delivery is what can be verified.
    expect((await parseWebhook(requestOf(delivery()), receiver({ ed25519PublicKey: undefined }))).verifiedBy).toBe("rsa-sha256");
  });

  it.each([
    ["RSA", webhookTestKeys.rsa.privateKey],
    ["Ed25519", webhookTestKeys.ed25519.privateKey],
  ])("refuses a tampered body (%s)", async (_, privateKey) => {
    const built = delivery("AppointmentCreate", { privateKey });
    const tampered = built.body.replace("Appointment with GHL Dev team", "Appointment with someone else");
    expect(tampered).not.toBe(built.body);
    expect((await refusal(parseWebhook(requestOf(built, tampered), receiver()))).reason).toBe("signature");
    // re-serialised JSON with the same meaning is other bytes, and does not verify either
    const reserialised = JSON.stringify(JSON.parse(built.body), null, 2);
    expect((await refusal(parseWebhook(requestOf(built, reserialised), receiver()))).reason).toBe("signature");
  });

  it.each([
    ["RSA", () => pem(other.rsa.privateKey)],
    ["Ed25519", () => pem(other.ed.privateKey)],
  ])("refuses a signature made with the wrong key (%s)", async (_, privateKey) => {
    const error = await refusal(parseWebhook(requestOf(delivery("AppointmentCreate", { privateKey: privateKey() })), receiver()));
    expect(error.reason).toBe("signature");
    expect(error.message).toMatch(/does not verify/);
  });

  it("verifies x-wh-signature with HighLevel's published key by default, so test-key signatures are refused", async () => {
    const rsaOnly = delivery("AppointmentCreate", { privateKey: webhookTestKeys.rsa.privateKey });
    expect((await refusal(parseWebhook(requestOf(rsaOnly), { replayStore: false }))).reason).toBe("signature");
    expect(highLevelWebhookRsaPublicKey).toMatch(/^-----BEGIN PUBLIC KEY-----\nMIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEAokvo/);
  });

  it("refuses an Ed25519-only delivery when no Ed25519 key is configured (none is published), saying which option is missing", async () => {
    const edOnly = delivery("AppointmentCreate", { privateKey: webhookTestKeys.ed25519.privateKey });
    const error = await refusal(parseWebhook(requestOf(edOnly), receiver({ ed25519PublicKey: undefined })));
    expect(error.reason).toBe("signature");
    expect(error.message).toMatch(/ed25519PublicKey/);
  });

  it("refuses unsigned deliveries unless the caller opts out by name, and still refuses a bad signature after opting out", async () => {
    const unsigned = delivery();
    const bare = { url: unsigned.url, headers: { "content-type": "application/json" }, body: unsigned.body };
    expect((await refusal(parseWebhook(requestOf(bare), receiver()))).reason).toBe("signature");
    const accepted = await parseWebhook(requestOf(bare), receiver({ unverified: "i-accept-unsigned-webhooks" }));
    expect(accepted.verifiedBy).toBe("none");
    const forged = delivery("AppointmentCreate", { privateKey: pem(other.ed.privateKey) });
    expect((await refusal(parseWebhook(requestOf(forged), receiver({ unverified: "i-accept-unsigned-webhooks" })))).reason).toBe("signature");
  });
});

describe("freshness and replays", () => {
  const at = (timestamp: string, webhookId = `id-${timestamp}`) => ({ ...(webhookExample("leadconnector", "OpportunityCreate") as object), timestamp, webhookId });
  const now = Date.parse("2025-01-28T14:40:00Z");

  it("refuses payloads older or further ahead than maxAgeMs (default 5 minutes), and accepts them when told to skip the check", async () => {
    const old = delivery("OpportunityCreate", { payload: at("2025-01-28T14:34:59Z") });
    const ahead = delivery("OpportunityCreate", { payload: at("2025-01-28T14:45:01Z") });
    const fine = delivery("OpportunityCreate", { payload: at("2025-01-28T14:35:00Z") });
    expect((await refusal(parseWebhook(requestOf(old), receiver({ now: () => now })))).reason).toBe("stale");
    expect((await refusal(parseWebhook(requestOf(ahead), receiver({ now: () => now })))).reason).toBe("stale");
    expect((await parseWebhook(requestOf(fine), receiver({ now: () => now }))).event).toBe("OpportunityCreate");
    expect((await parseWebhook(requestOf(old), receiver({ now: () => now, maxAgeMs: minutes(10) }))).event).toBe("OpportunityCreate");
    expect((await parseWebhook(requestOf(old), receiver({ now: () => now, maxAgeMs: false }))).event).toBe("OpportunityCreate");
  });

  it("refuses a repeated webhookId in the same process, and accepts it again once released", async () => {
    const options = receiver();
    const built = delivery();
    const first = await parseWebhook(requestOf(built), options);
    expect(first.deliveryId).toBe(JSON.parse(built.body).webhookId);
    const again = await refusal(parseWebhook(requestOf(built), options));
    expect([again.reason, again.deliveryId]).toEqual(["replay", first.deliveryId]);
    await releaseDelivery(first, options);
    expect((await parseWebhook(requestOf(built), options)).deliveryId).toBe(first.deliveryId);
  });

  it("shares one in-memory store per process by default", async () => {
    const built = delivery();
    await parseWebhook(requestOf(built), keys);
    expect((await refusal(parseWebhook(requestOf(built), keys))).reason).toBe("replay");
  });

  it("needs timestamp and webhookId unless their checks are off", async () => {
    const { timestamp, webhookId, ...bare } = webhookExample("leadconnector", "AppointmentDelete") as Record<string, unknown>;
    expect([timestamp, webhookId].every(Boolean)).toBe(true);
    const noTime = delivery("AppointmentDelete", { payload: { ...bare, webhookId: "w-1" } });
    const parsedNoTime = JSON.parse(noTime.body);
    expect(parsedNoTime.timestamp).toBeDefined(); // the mock stamps what a payload lacks ...
    const stripped = JSON.stringify({ ...bare, webhookId: "w-1" }); // ... so strip it after signing to test the receiver
    const unsignedOpts = receiver({ unverified: "i-accept-unsigned-webhooks" });
    const plain = (body: string) => new Request(url, { method: "POST", body, headers: { "content-type": "application/json" } });
    expect((await refusal(parseWebhook(plain(stripped), unsignedOpts))).reason).toBe("malformed");
    expect((await parseWebhook(plain(stripped), { ...unsignedOpts, maxAgeMs: false })).deliveryId).toBe("w-1");
    const noId = JSON.stringify({ ...bare, timestamp: new Date().toISOString() });
    expect((await refusal(parseWebhook(plain(noId), unsignedOpts))).message).toMatch(/webhookId/);
    expect((await parseWebhook(plain(noId), { ...unsignedOpts, replayStore: false })).deliveryId).toBeUndefined();
  });
});

describe("bodies and options", () => {
  it("refuses a signed body that is not JSON (malformed) or names no known event (unknown-event)", async () => {
    expect((await refusal(parseWebhook(requestOf(delivery("AppointmentCreate", { payload: "not json" })), receiver()))).reason).toBe("malformed");
    const unknown = delivery("AppointmentCreate", { payload: { type: "ContactCreate", timestamp: new Date().toISOString(), webhookId: "x" } });
    const error = await refusal(parseWebhook(requestOf(unknown), receiver()));
    expect([error.reason, error.message]).toEqual(["unknown-event", 'event "ContactCreate" is not in the leadconnector contract']);
  });

  it.each<[string, LeadConnectorWebhookOptions]>([
    ["rsaPublicKey", { rsaPublicKey: "not a key" }],
    ["ed25519PublicKey", { ed25519PublicKey: webhookTestKeys.rsa.publicKey }],
    ["ed25519PublicKey", { ed25519PublicKey: webhookTestKeys.ed25519.privateKey }],
    ["maxAgeMs", { maxAgeMs: 0 }],
    ["replayStore", { replayStore: {} as never }],
    ["unverified", { unverified: "yes" as never }],
  ])("rejects a bad %s with a ValidationError that quotes no key, before reading the body", async (field, bad) => {
    const request = requestOf(delivery());
    const error = await parseWebhook(request, receiver(bad)).then(() => undefined, (e: unknown) => e as ValidationError);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error!.field).toBe(field);
    const text = `${error!.message} ${JSON.stringify(error)}`;
    for (const pemText of [webhookTestKeys.rsa.publicKey, webhookTestKeys.ed25519.privateKey, webhookTestKeys.rsa.privateKey]) {
      expect(text).not.toContain(pemText.split("\n")[1]);
    }
  });

  it("never puts keys, signatures or the body in its errors", async () => {
    const built = delivery();
    const tampered = built.body.replace("confirmed", "cancelled");
    const error = await refusal(parseWebhook(requestOf(built, tampered), receiver()));
    const text = `${error.message} ${JSON.stringify(error)} ${String(error.stack)}`;
    for (const secret of [...Object.values(keys).map((k) => k.split("\n")[1]!), built.headers["x-ghl-signature"]!, built.headers["x-wh-signature"]!, "cancelled"]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe("the contract's events", () => {
  it("are the spec's webhooks, and the mock knows the same list", () => {
    expect(webhookEvents("leadconnector")).toEqual([...leadConnectorWebhookEvents]);
    expect(leadConnectorWebhookReceiver).toEqual({
      vendor: "leadconnector",
      events: leadConnectorWebhookEvents,
      appointmentEvents: leadConnectorAppointmentEvents,
      parse: parseWebhook,
      release: releaseDelivery,
      normalize: normalizeLeadConnectorWebhook,
    });
  });

  it.each([...leadConnectorWebhookEvents])("the documented %s example parses to its typed event", async (event) => {
    const built = delivery(event);
    const parsed = await parseWebhook(requestOf(built), receiver());
    expect(parsed.event).toBe(event);
    expect(parsed.vendor).toBe("leadconnector");
    const { timestamp: _t, webhookId: _w, ...documented } = webhookExample("leadconnector", event) as Record<string, unknown>;
    expect(parsed.payload).toMatchObject(documented);
    expect(parsed.payload.type).toBe(event);
  });

  it("types each payload from the contract", async () => {
    const parsed = await parseWebhook(requestOf(delivery("AppointmentUpdate")), receiver());
    if (parsed.event === "AppointmentUpdate") {
      expectTypeOf(parsed.payload.type).toEqualTypeOf<"AppointmentUpdate">();
      expectTypeOf(parsed.payload.appointment?.startTime).toEqualTypeOf<string | undefined>();
    }
    expectTypeOf<LeadConnectorWebhookPayload<"OpportunityStatusUpdate">["monetaryValue"]>().toEqualTypeOf<number | undefined>();
    expect(parsed.payload).toMatchObject({ appointment: { startTime: "2023-09-25T16:00:00+05:30" } });
  });
});

describe("delivered by @crmkit/mock to a node:http receiver", () => {
  it("answers 200 to the mock's signed deliveries and 401 to tampered ones, over real HTTP", async () => {
    const options = receiver();
    const received: string[] = [];
    const server = createServer(
      nodeHandler(async (request) => {
        try {
          const event = await parseWebhook(request, options);
          received.push(`${event.event} ${event.verifiedBy}`);
          return new Response(null, { status: 200 });
        } catch (error) {
          if (error instanceof WebhookVerificationError) return new Response(error.reason, { status: error.reason === "malformed" ? 400 : 401 });
          throw error;
        }
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const hook = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/highlevel`;
    try {
      expect((await sendWebhook("leadconnector", "AppointmentCreate", { url: hook })).status).toBe(200);
      expect((await sendWebhook("leadconnector", "OpportunityStageUpdate", { url: hook, privateKey: webhookTestKeys.rsa.privateKey })).status).toBe(200);
      const forged = await sendWebhook("leadconnector", "AppointmentDelete", { url: hook, headers: { "x-ghl-signature": "AAAA" } });
      expect([forged.status, forged.responseBody]).toEqual([401, "signature"]);
      expect(received).toEqual(["AppointmentCreate ed25519", "OpportunityStageUpdate rsa-sha256"]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
