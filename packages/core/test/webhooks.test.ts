import { generateKeyPairSync, sign } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CrmkitError, ValidationError } from "../src/index.js";
import {
  ACCEPT_UNVERIFIED_WEBHOOKS,
  WebhookVerificationError,
  checkFreshness,
  checkReceiveOptions,
  checkSharedSecret,
  claimDelivery,
  constantTimeEqual,
  createMemoryReplayStore,
  nodeHandler,
  parseJsonObject,
  publicKeyFor,
  readRawBody,
  verifySignature,
  withQueryParams,
} from "../src/webhooks.js";

const SECRET = "whsec-5f0c2a9e71d84b36a1c0";
const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const ed = generateKeyPairSync("ed25519");
const pem = (key: { export(o: object): string | Buffer }) => key.export({ type: "spki", format: "pem" }).toString();
const body = Buffer.from('{"type":"ThingCreated","id":"1"}');

async function reasonOf(action: () => unknown): Promise<string | undefined> {
  try {
    await action();
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error.reason;
    throw error;
  }
  return undefined;
}

afterEach(() => vi.useRealTimers());

describe("WebhookVerificationError", () => {
  it("is a CrmkitError carrying its reason, and serialises without anything but its own fields", () => {
    const error = new WebhookVerificationError("replay", "delivery \"d1\" was already accepted", { vendor: "acme", deliveryId: "d1" });
    expect(error).toBeInstanceOf(CrmkitError);
    expect(error.name).toBe("WebhookVerificationError");
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "WebhookVerificationError",
      message: 'delivery "d1" was already accepted',
      reason: "replay",
      vendor: "acme",
      deliveryId: "d1",
    });
  });
});

describe("constantTimeEqual", () => {
  it("is true only for equal values, whatever their lengths", () => {
    expect(constantTimeEqual(SECRET, SECRET)).toBe(true);
    expect(constantTimeEqual(SECRET, SECRET.slice(0, -1))).toBe(false);
    expect(constantTimeEqual(SECRET, `${SECRET}x`)).toBe(false);
    expect(constantTimeEqual("", "")).toBe(true);
    expect(constantTimeEqual(Buffer.from("abc"), "abc")).toBe(true);
  });
});

describe("signatures", () => {
  it("verifies RSA-SHA256 and Ed25519 over the exact bytes, and nothing else", () => {
    const rsaKey = publicKeyFor(pem(rsa.publicKey), "rsa-sha256", "rsaPublicKey");
    const edKey = publicKeyFor(pem(ed.publicKey), "ed25519", "ed25519PublicKey");
    const rsaSig = sign("sha256", body, rsa.privateKey).toString("base64");
    const edSig = sign(null, body, ed.privateKey);
    expect(verifySignature("rsa-sha256", body, rsaSig, rsaKey)).toBe(true);
    expect(verifySignature("ed25519", body, edSig.toString("base64"), edKey)).toBe(true);
    expect(verifySignature("ed25519", body, edSig.toString("hex"), edKey)).toBe(true);

    const tampered = Buffer.from(body.toString().replace('"1"', '"2"'));
    expect(verifySignature("rsa-sha256", tampered, rsaSig, rsaKey)).toBe(false);
    expect(verifySignature("ed25519", tampered, edSig.toString("base64"), edKey)).toBe(false);
    // the same JSON re-serialised with other spacing is other bytes
    expect(verifySignature("rsa-sha256", Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 1)), rsaSig, rsaKey)).toBe(false);
    expect(verifySignature("ed25519", body, "not a signature", edKey)).toBe(false);
    expect(verifySignature("rsa-sha256", body, "", rsaKey)).toBe(false);
  });

  it("rejects a key of the wrong kind or no key at all with a ValidationError that does not quote it", () => {
    const privatePem = ed.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    for (const [key, algorithm] of [
      [pem(ed.publicKey), "rsa-sha256"],
      [pem(rsa.publicKey), "ed25519"],
      ["-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", "ed25519"],
      [privatePem, "ed25519"],
    ] as const) {
      const attempt = () => publicKeyFor(key, algorithm, "somePublicKey");
      expect(attempt).toThrow(ValidationError);
      try {
        attempt();
      } catch (error) {
        expect((error as ValidationError).field).toBe("somePublicKey");
        expect(JSON.stringify(error) + (error as Error).message).not.toContain(key.split("\n")[1]!.slice(0, 16));
      }
    }
  });
});

describe("memory replay store", () => {
  it("accepts an id once, refuses it until it expires, and accepts it again after expiry or release", async () => {
    vi.useFakeTimers();
    const store = createMemoryReplayStore();
    expect(await store.claim("a", 60_000)).toBe(true);
    expect(await store.claim("a", 60_000)).toBe(false);
    expect(await store.claim("b", 60_000)).toBe(true);
    vi.advanceTimersByTime(59_999);
    expect(await store.claim("a", 60_000)).toBe(false);
    vi.advanceTimersByTime(1);
    expect(await store.claim("a", 60_000)).toBe(true);
    await store.release("a");
    expect(await store.claim("a", 60_000)).toBe(true);
  });

  it("forgets expired ids, so memory stays bounded", async () => {
    vi.useFakeTimers();
    const store = createMemoryReplayStore();
    for (let i = 0; i < 100; i++) await store.claim(`id-${i}`, 1_000);
    expect(store.size()).toBe(100);
    vi.advanceTimersByTime(1_000);
    expect(store.size()).toBe(0);
  });

  it("lets exactly one of concurrent claims of an id through", async () => {
    const store = createMemoryReplayStore();
    const results = await Promise.all(Array.from({ length: 20 }, () => store.claim("same", 60_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("claimDelivery names the repeated id in a replay error, namespaced per vendor", async () => {
    const store = createMemoryReplayStore();
    await claimDelivery(store, "acme", "d-1", 60_000, "acme");
    await claimDelivery(store, "other", "d-1", 60_000, "other");
    await expect(claimDelivery(store, "acme", "d-1", 60_000, "acme")).rejects.toMatchObject({ reason: "replay", deliveryId: "d-1", vendor: "acme" });
  });
});

describe("delivery checks", () => {
  const post = (payload: BodyInit | null, headers: Record<string, string> = {}, url = "https://hooks.test/in") =>
    new Request(url, { method: "POST", body: payload, headers });

  it("reads the raw bytes, refusing bodies over the limit or already read", async () => {
    expect(Buffer.from(await readRawBody(post(body))).equals(body)).toBe(true);
    expect(await readRawBody(post(null))).toHaveLength(0);
    expect(await reasonOf(() => readRawBody(post("x".repeat(11)), 10))).toBe("malformed");
    const streamed = new ReadableStream({ start: (c) => (c.enqueue(new Uint8Array(8)), c.enqueue(new Uint8Array(8)), c.close()) });
    expect(await reasonOf(() => readRawBody(new Request("https://h.test", { method: "POST", body: streamed, duplex: "half" } as RequestInit), 10))).toBe("malformed");
    const used = post(body);
    await used.text();
    expect(await reasonOf(() => readRawBody(used))).toBe("malformed");
  });

  it("parses only UTF-8 JSON objects", async () => {
    expect(parseJsonObject(body)).toEqual({ type: "ThingCreated", id: "1" });
    for (const bad of ["[1]", "42", "null", "{", "", "\xff"]) {
      expect(await reasonOf(() => parseJsonObject(Buffer.from(bad, "latin1")))).toBe("malformed");
    }
  });

  it("refuses deliveries sent too long ago or too far ahead, and unreadable times", async () => {
    const now = Date.parse("2025-01-28T14:40:00Z");
    expect(() => checkFreshness("2025-01-28T14:35:00Z", 300_000, now, "timestamp")).not.toThrow();
    expect(() => checkFreshness(now - 1000, 300_000, now, "timestamp")).not.toThrow();
    expect(await reasonOf(() => checkFreshness("2025-01-28T14:34:59Z", 300_000, now, "timestamp"))).toBe("stale");
    expect(await reasonOf(() => checkFreshness("2025-01-28T14:45:01Z", 300_000, now, "timestamp"))).toBe("stale");
    expect(await reasonOf(() => checkFreshness(undefined, 300_000, now, "timestamp"))).toBe("malformed");
    expect(await reasonOf(() => checkFreshness("yesterday", 300_000, now, "timestamp"))).toBe("malformed");
  });

  it("compares a shared secret from a header or the query string, never echoing either value", async () => {
    const options = { secret: SECRET, header: "x-hook-secret", queryParam: "hook_secret" };
    expect(() => checkSharedSecret(post(body, { "x-hook-secret": SECRET }), options)).not.toThrow();
    expect(() => checkSharedSecret(post(body, {}, withQueryParams("https://hooks.test/in?a=1", { hook_secret: SECRET })), options)).not.toThrow();
    const wrong = `${SECRET.slice(0, -2)}zz`;
    for (const request of [post(body, { "x-hook-secret": wrong }), post(body, {}, `https://hooks.test/in?hook_secret=${wrong}`), post(body)]) {
      try {
        checkSharedSecret(request, options, "acme");
        expect.unreachable();
      } catch (error) {
        expect((error as WebhookVerificationError).reason).toBe("signature");
        const text = `${(error as Error).message} ${JSON.stringify(error)}`;
        expect(text).not.toContain(SECRET);
        expect(text).not.toContain(wrong);
      }
    }
  });

  it("validates the shared options by name", () => {
    expect(() => checkReceiveOptions({ maxBodyBytes: 0 }, "parseWebhook")).toThrow(/maxBodyBytes/);
    expect(() => checkReceiveOptions({ unverified: "yes" as never }, "parseWebhook")).toThrow(/unverified.*i-accept-unsigned-webhooks/);
    expect(() => checkReceiveOptions({ unverified: ACCEPT_UNVERIFIED_WEBHOOKS, maxBodyBytes: 10 }, "parseWebhook")).not.toThrow();
  });
});

describe("node:http adapter", () => {
  it("hands the handler the untouched bytes, headers, method and URL, and writes its Response back", async () => {
    const seen: { method: string; url: string; header: string | null; body: Buffer }[] = [];
    const server = createServer(
      nodeHandler(async (request) => {
        seen.push({ method: request.method, url: request.url, header: request.headers.get("x-sig"), body: Buffer.from(await readRawBody(request)) });
        if (request.headers.get("x-fail")) throw new Error("handler failed");
        return new Response("accepted", { status: 202, headers: { "x-answer": "1" } });
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const raw = Buffer.from('{ "b":1,  "a":2 }');
      const response = await fetch(`http://127.0.0.1:${port}/hooks/in?x=1`, { method: "POST", body: raw, headers: { "x-sig": "abc" } });
      expect([response.status, response.headers.get("x-answer"), await response.text()]).toEqual([202, "1", "accepted"]);
      expect(seen[0]).toMatchObject({ method: "POST", url: `http://127.0.0.1:${port}/hooks/in?x=1`, header: "abc" });
      expect(seen[0]!.body.equals(raw)).toBe(true);
      expect((await fetch(`http://127.0.0.1:${port}/`, { method: "POST", body: "{}", headers: { "x-fail": "1" } })).status).toBe(500);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
