import { type ChildProcess, fork } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ValidationError } from "@crmkit/core";
import { WebhookVerificationError } from "@crmkit/core/webhooks";
import { parseWebhook } from "@crmkit/leadconnector/webhooks";
import { type BuiltWebhook, buildWebhook, webhookTestKeys } from "@crmkit/mock/webhooks";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RedisReplayStoreOptions, createRedisReplayStore } from "../src/index.js";
import { needsRedis, requireRedisBinary, skipReason } from "./helpers/redis-availability.js";
import { type RedisServer, freePort, startRedisServer } from "./helpers/redis-server.js";

const keys = { rsaPublicKey: webhookTestKeys.rsa.publicKey, ed25519PublicKey: webhookTestKeys.ed25519.publicKey };
const requestOf = (built: BuiltWebhook) => new Request(built.url, { method: "POST", headers: built.headers, body: built.body });
const deliver = () => buildWebhook("leadconnector", "AppointmentUpdate", { url: "https://app.test/hooks" });

describe("createRedisReplayStore options", () => {
  it.each<[string, Partial<RedisReplayStoreOptions>]>([
    ["redis", { redis: "http://127.0.0.1:6379" }],
    ["redis", { redis: "" }],
    ["keyPrefix", { keyPrefix: " " }],
    ["operationTimeoutMs", { operationTimeoutMs: 0 }],
  ])("rejects a bad %s before connecting", (field, bad) => {
    const attempt = () => createRedisReplayStore({ redis: "redis://127.0.0.1:1", ...bad } as RedisReplayStoreOptions);
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(new RegExp(field));
  });
});

describe("on a real Redis", () => {
  needsRedis();
  let server: RedisServer;
  let inspector: Redis;
  beforeAll(async () => {
    if (skipReason) return;
    server = await startRedisServer(requireRedisBinary());
    inspector = new Redis(server.url);
  });
  afterAll(async () => {
    inspector?.disconnect();
    await server?.stop();
  });

  it("lets exactly one claim of an id through across clients, expires it after its TTL, and forgets it on release", async () => {
    const a = createRedisReplayStore({ redis: server.url, keyPrefix: "t1" });
    const b = createRedisReplayStore({ redis: server.url, keyPrefix: "t1" });
    try {
      const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).claim("vendor:d-1", 60_000)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      const ttl = await inspector.pttl("t1:vendor:d-1");
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
      await b.release("vendor:d-1");
      expect(await a.claim("vendor:d-1", 60_000)).toBe(true);
      expect(await b.claim("vendor:d-1", 60_000)).toBe(false);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("leaves a client you pass in open, and uses it", async () => {
    const client = new Redis(server.url);
    const store = createRedisReplayStore({ redis: client, keyPrefix: "t2" });
    expect(await store.claim("x", 1_000)).toBe(true);
    await store.close();
    expect(await client.exists("t2:x")).toBe(1);
    client.disconnect();
  });

  it("makes a webhookId accepted by one process a replay in another process sharing the Redis", { timeout: 30_000 }, async () => {
    const built = ["../dist/index.js", "../../leadconnector/dist/webhooks.js"].map((p) => fileURLToPath(new URL(p, import.meta.url)));
    if (!built.every(existsSync)) throw new Error("the second process runs the built packages: run `pnpm build` first");
    const replayStore = createRedisReplayStore({ redis: server.url });
    const child = fork(fileURLToPath(new URL("./fixtures/webhook-receiver.mjs", import.meta.url)), [JSON.stringify({ redisUrl: server.url, ...keys })], {
      execArgv: [],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const ask = (delivery: BuiltWebhook) => send(child, delivery);
    try {
      await new Promise((resolve) => child.once("message", resolve));
      const first = deliver();
      const here = await parseWebhook(requestOf(first), { ...keys, replayStore });
      expect(await ask(first)).toEqual({ refused: "replay" });

      const second = deliver();
      expect(await ask(second)).toEqual({ accepted: JSON.parse(second.body).webhookId });
      const error = await parseWebhook(requestOf(second), { ...keys, replayStore }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WebhookVerificationError);
      expect((error as WebhookVerificationError).reason).toBe("replay");
      expect(here.deliveryId).toBe(JSON.parse(first.body).webhookId);
    } finally {
      child.send("exit");
      await new Promise((resolve) => child.once("exit", resolve));
      await replayStore.close();
    }
  });

  it("fails closed while Redis is unreachable: the claim rejects, so the delivery is neither processed nor called a replay", async () => {
    const port = await freePort();
    const store = createRedisReplayStore({ redis: `redis://127.0.0.1:${port}`, operationTimeoutMs: 300 });
    try {
      const error = await parseWebhook(requestOf(deliver()), { ...keys, replayStore: store }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(WebhookVerificationError);
    } finally {
      await store.close();
    }
  });
});

function send(child: ChildProcess, delivery: BuiltWebhook): Promise<unknown> {
  return new Promise((resolve, reject) => {
    child.once("message", resolve);
    child.once("exit", (code) => reject(new Error(`receiver process exited (${code})`)));
    child.send({ url: delivery.url, headers: delivery.headers, body: delivery.body });
  });
}
