// createWebhookHandler without a server: configuration, routing, and failures of the receivers themselves.
import { ValidationError } from "@crmkit/core";
import { type ReplayStore, createMemoryReplayStore } from "@crmkit/core/webhooks";
import { buildWebhook, webhookTestKeys } from "@crmkit/mock/webhooks";
import { describe, expect, it } from "vitest";
import { type WebhookRefusal, createWebhookHandler, leadConnectorWebhooks, leadSquaredWebhooks, oneLinkWebhooks } from "../src/webhooks.js";

const SECRET = webhookTestKeys.sharedSecret;
const keys = { rsaPublicKey: webhookTestKeys.rsa.publicKey, ed25519PublicKey: webhookTestKeys.ed25519.publicKey };
const request = (vendor: "leadconnector" | "onelink" | "leadsquared", event: string, url: string) => {
  const built = buildWebhook(vendor, event, { url });
  return new Request(built.url, { method: "POST", headers: built.headers, body: built.body });
};
const noop = () => {};

describe("createWebhookHandler configuration", () => {
  it("takes each receiver under its vendor's config key, at least one, and onEvent", () => {
    const onelink = oneLinkWebhooks({ secret: SECRET });
    expect(() => createWebhookHandler({ leadconnector: onelink, onEvent: noop })).toThrow(expect.objectContaining({ field: "leadconnector", message: expect.stringContaining("pass it as `onelink`") }));
    expect(() => createWebhookHandler({ onelink: { vendor: "onelink" } as never, onEvent: noop })).toThrow(ValidationError);
    expect(() => createWebhookHandler({ onEvent: noop })).toThrow(expect.objectContaining({ field: "config" }));
    expect(() => createWebhookHandler({ onelink, onEvent: "log" as never })).toThrow(expect.objectContaining({ field: "onEvent" }));
    expect(() => createWebhookHandler({ onelink, onEvent: noop, route: "/x" as never })).toThrow(expect.objectContaining({ field: "route" }));
    expect(() => createWebhookHandler(null as never)).toThrow(ValidationError);
    expect(createWebhookHandler({ onelink, leadsquared: undefined, onEvent: noop })).toBeTypeOf("function");
  });

  it("fails at configuration, before any delivery, for a receiver's bad options", () => {
    expect(() => leadSquaredWebhooks({} as never)).toThrow(expect.objectContaining({ field: "secret" }));
    expect(() => oneLinkWebhooks({ secret: "" })).toThrow(expect.objectContaining({ field: "secret" }));
  });
});

describe("routing", () => {
  const handler = (route?: (request: Request) => string | undefined) => {
    const seen: string[] = [];
    const handle = createWebhookHandler({
      onelink: oneLinkWebhooks({ secret: SECRET }),
      leadsquared: leadSquaredWebhooks({ secret: SECRET }),
      onEvent: (event) => void seen.push(event.vendor),
      ...(route ? { route } : {}),
    });
    return { handle, seen };
  };

  it("goes by the path's last segment, as vendor id or config key", async () => {
    const { handle, seen } = handler();
    expect((await handle(request("onelink", "automation_event.appointment_created", "https://app.test/any/prefix/onelink"))).status).toBe(200);
    expect((await handle(request("leadsquared", "TaskCreate", "https://app.test/webhooks/leadsquared/"))).status).toBe(200);
    expect((await handle(request("onelink", "automation_event.appointment_created", "https://app.test/webhooks/leadconnector"))).status).toBe(404);
    expect(seen).toEqual(["onelink", "leadsquared"]);
  });

  it("sends every path to the only receiver when there is one", async () => {
    const seen: string[] = [];
    const handle = createWebhookHandler({ onelink: oneLinkWebhooks({ secret: SECRET }), onEvent: (event) => void seen.push(event.type) });
    expect((await handle(request("onelink", "automation_event.appointment_cancelled", "https://app.test/hooks"))).status).toBe(200);
    expect(seen).toEqual(["cancelled"]);
  });

  it("asks `route` when given, e.g. for a header or a subdomain", async () => {
    const { handle, seen } = handler((r) => new URL(r.url).hostname.split(".")[0]);
    expect((await handle(request("onelink", "automation_event.appointment_created", "https://onelink.hooks.test/"))).status).toBe(200);
    expect((await handle(request("onelink", "automation_event.appointment_created", "https://pexip.hooks.test/onelink"))).status).toBe(404);
    expect(seen).toEqual(["onelink"]);
  });
});

describe("failures", () => {
  it("answers 500 when the receiver itself fails (its replay store is down), so the vendor retries; onEvent is not called", async () => {
    const down: ReplayStore = { claim: () => Promise.reject(new Error("connection refused")), release: async () => {} };
    const refusals: WebhookRefusal[] = [];
    let called = false;
    const handle = createWebhookHandler({
      leadconnector: leadConnectorWebhooks({ ...keys, replayStore: down }),
      onEvent: () => void (called = true),
      onRefused: (refusal) => refusals.push(refusal),
    });
    const response = await handle(request("leadconnector", "AppointmentCreate", "https://app.test/webhooks/leadconnector"));
    expect([response.status, await response.json()]).toEqual([500, { ok: false, error: "receiver" }]);
    expect(refusals[0]).toMatchObject({ vendor: "leadconnector", status: 500, reason: "receiver", message: "the leadconnector receiver failed: connection refused" });
    expect(called).toBe(false);
  });

  it("says when a failed delivery could not be released, and ignores a logging hook that throws", async () => {
    const store = createMemoryReplayStore();
    const stuck: ReplayStore = { claim: (id, ttl) => store.claim(id, ttl), release: () => Promise.reject(new Error("timeout")) };
    const refusals: WebhookRefusal[] = [];
    const handle = createWebhookHandler({
      leadconnector: leadConnectorWebhooks({ ...keys, replayStore: stuck }),
      onEvent: () => Promise.reject(new Error("boom")),
      onRefused: (refusal) => {
        refusals.push(refusal);
        throw new Error("logger down");
      },
    });
    const response = await handle(request("leadconnector", "AppointmentCreate", "https://app.test/webhooks/leadconnector"));
    expect(response.status).toBe(500);
    expect(refusals[0]!.message).toMatch(/^onEvent threw for leadconnector AppointmentCreate; releasing the delivery failed too \(timeout\), so the vendor's retry will be refused as a replay$/);
  });
});
