import { createHash } from "node:crypto";
import { AbortError, ValidationError } from "@crmkit/core";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type RedisRateLimiter,
  type RedisRateLimiterOptions,
  type RedisRateLimiterStateChange,
  RateLimiterUnavailableError,
  createRedisRateLimiter,
  redisRateLimiterKeys,
} from "../src/index.js";
import { ACCESS_KEY, needsRedis, requireRedisBinary, skipReason } from "./helpers/redis-availability.js";
import { type RedisServer, freePort, startRedisServer } from "./helpers/redis-server.js";

const base = { vendor: "leadsquared", credential: ACCESS_KEY, limit: 5, windowMs: 1_000 } as const;
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Settles within `ms`? Returns "pending" otherwise. */
// "Still pending after ms": each check below leaves the limiter's window several times longer than the probe, so a busy
// machine's late timers cannot make a grant that is due later look early.
const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, tick(ms).then(() => "pending" as const)]);

describe("options", () => {
  it.each<[string, Partial<RedisRateLimiterOptions>]>([
    ["redis", { redis: "" }],
    ["redis", { redis: "http://127.0.0.1:6379" }],
    ["vendor", { vendor: " " }],
    ["credential", { credential: "" }],
    ["limit", { limit: 0 }],
    ["limit", { limit: 2.5 }],
    ["windowMs", { windowMs: -1 }],
    ["maxInFlight", { maxInFlight: 0 }],
    ["fallback.share", { fallback: { share: 0 } }],
    ["fallback.share", { fallback: { share: 1.5 } }],
    ["fallback.share", { fallback: "open" as never }],
    ["marginMs", { marginMs: -5 }],
    ["operationTimeoutMs", { operationTimeoutMs: 0 }],
    ["keyPrefix", { keyPrefix: "" }],
  ])("rejects a bad %s before any connection", (field, bad) => {
    const attempt = () => createRedisRateLimiter({ redis: "redis://127.0.0.1:1", ...base, ...bad } as RedisRateLimiterOptions);
    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (e) {
      expect((e as ValidationError).field).toBe(field);
      expect((e as Error).message).toContain(field);
      expect((e as Error).message).not.toContain(ACCESS_KEY);
    }
  });

  it("keys are sha256(vendor \\0 credential), per vendor, with the prefix and no credential", () => {
    const keys = redisRateLimiterKeys("leadsquared", ACCESS_KEY, "acme:rl");
    const id = createHash("sha256").update(`leadsquared\0${ACCESS_KEY}`).digest("hex");
    expect(keys).toEqual({ window: `acme:rl:{${id}}:window`, inFlight: `acme:rl:{${id}}:in-flight` });
    expect(redisRateLimiterKeys("pexip-engage", ACCESS_KEY).window).not.toBe(redisRateLimiterKeys("leadsquared", ACCESS_KEY).window);
    expect(JSON.stringify(keys)).not.toContain(ACCESS_KEY);
  });
});

describe("against a real Redis", () => {
  needsRedis();
  let server: RedisServer;
  const limiters: RedisRateLimiter[] = [];
  const make = (options: Partial<RedisRateLimiterOptions> = {}) => {
    const limiter = createRedisRateLimiter({ redis: server.url, ...base, ...options });
    limiters.push(limiter);
    return limiter;
  };

  beforeAll(async () => {
    if (!skipReason) server = await startRedisServer(requireRedisBinary());
  });
  afterAll(async () => {
    await Promise.all(limiters.map((l) => l.close()));
    await server?.stop();
  });

  it("holds back the send over the limit until the first one leaves the window", async () => {
    const limiter = make({ keyPrefix: "t-window", limit: 3, windowMs: 3_000, marginMs: 0 });
    for (let i = 0; i < 3; i++) (await limiter.acquire())();
    const fourth = limiter.acquire();
    expect(await within(fourth, 300)).toBe("pending");
    expect(typeof (await fourth)).toBe("function");
    expect(limiter.stats()).toMatchObject({ state: "redis", redisGrants: 4, fallbackGrants: 0 });
  });

  it("shares the window and the in-flight cap between limiters on separate connections", async () => {
    const options = { keyPrefix: "t-shared", limit: 100, windowMs: 1_000, maxInFlight: 2 };
    const [a, b] = [make(options), make(options)];
    const [r1, r2] = [await a.acquire(), await b.acquire()];
    const third = a.acquire();
    expect(await within(third, 100)).toBe("pending");
    r2();
    const r3 = await third;
    expect(await within(b.acquire(), 100)).toBe("pending");
    r1();
    r3();
    const redis = new Redis(server.url);
    expect(await redis.zcard(a.keys.window)).toBeGreaterThanOrEqual(3);
    await redis.quit();
  });

  it("an aborted wait rejects with AbortError and takes no slot", async () => {
    const limiter = make({ keyPrefix: "t-abort", limit: 1, windowMs: 5_000 });
    (await limiter.acquire())();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    setTimeout(() => controller.abort(), 50);
    await expect(waiting).rejects.toBeInstanceOf(AbortError);
    await expect(limiter.acquire(AbortSignal.abort())).rejects.toBeInstanceOf(AbortError);
    const redis = new Redis(server.url);
    expect(await redis.zcard(limiter.keys.window)).toBe(1);
    await redis.quit();
  });

  it('fallback "fail": rejects at once with a typed error that names no secret', async () => {
    const deadPort = await freePort();
    const changes: RedisRateLimiterStateChange[] = [];
    const limiter = createRedisRateLimiter({
      redis: `redis://127.0.0.1:${deadPort}`,
      ...base,
      fallback: "fail",
      operationTimeoutMs: 200,
      onStateChange: (c) => changes.push(c),
    });
    limiters.push(limiter);
    const error = await limiter.acquire().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimiterUnavailableError);
    expect(JSON.stringify(error) + String(error)).not.toContain(ACCESS_KEY);
    await expect(limiter.acquire()).rejects.toBeInstanceOf(RateLimiterUnavailableError);
    expect(limiter.stats()).toMatchObject({ state: "unavailable", unavailableErrors: 2, outages: 1 });
    expect(changes.map((c) => `${c.from}→${c.to}`)).toEqual(["redis→unavailable"]);
  });

  it("falls back to its share after one quiet window when Redis cannot be reached", async () => {
    const deadPort = await freePort();
    const limiter = createRedisRateLimiter({
      redis: `redis://127.0.0.1:${deadPort}`,
      ...base,
      limit: 8,
      windowMs: 2_400,
      marginMs: 0,
      fallback: { share: 0.25 },
      operationTimeoutMs: 100,
    });
    limiters.push(limiter);
    const first = limiter.acquire();
    expect(await within(first, 400)).toBe("pending"); // the quiet window
    (await first)();
    (await limiter.acquire())();
    expect(await within(limiter.acquire(), 250)).toBe("pending"); // share: 2 of 8
    expect(limiter.stats()).toMatchObject({ state: "fallback", fallbackGrants: 2, redisGrants: 0 });
  });

  it("a send keeps its slot until its response is in, plus the window", async () => {
    const limiter = make({ keyPrefix: "t-release", limit: 1, windowMs: 2_000, marginMs: 0 });
    const release = await limiter.acquire();
    const next = limiter.acquire();
    await tick(2_200); // the request is still in flight, longer than the window
    expect(await within(next, 0)).toBe("pending");
    release();
    expect(await within(next, 250)).toBe("pending"); // a window after the response, not after the send
    expect(typeof (await next)).toBe("function");
  });

  it("close() rejects waiting acquires, leaves a caller's client open, and logs no secret", async () => {
    const own = new Redis(server.url);
    const logged: string[] = [];
    const log = (m: string) => logged.push(m);
    const limiter = createRedisRateLimiter({
      redis: own,
      ...base,
      keyPrefix: "t-close",
      limit: 1,
      windowMs: 5_000,
      logger: { debug: log, info: log, warn: log, error: log },
    });
    (await limiter.acquire())();
    const waiting = limiter.acquire();
    await limiter.close();
    await expect(waiting).rejects.toBeInstanceOf(RateLimiterUnavailableError);
    await expect(limiter.acquire()).rejects.toBeInstanceOf(RateLimiterUnavailableError);
    expect(await own.ping()).toBe("PONG");
    await own.quit();
    expect(logged.join("\n")).not.toContain(ACCESS_KEY);
  });
});
