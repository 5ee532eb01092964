import { createHash } from "node:crypto";
import { AbortError, ValidationError } from "@crmkit/core";
import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type RedisRateLimiter,
  type RedisRateLimiterOptions,
  type RedisRateLimiterStateChange,
  RateLimiterUnavailableError,
  createRedisRateLimiter,
  redisRateLimiterKeys,
} from "../src/index.js";
import { type RedisServer, findRedisServer, freePort, startRedisServer } from "./helpers/redis-server.js";
import { maxInAnyWindow, startVendorServer, throughputRatio } from "./helpers/vendor-server.js";
import { runWorkers } from "./workers.js";

const ACCESS_KEY = "u$r-access-8f3a61c2d94b";
const SECRET_KEY = "s3cr3t-7d1e0b5a9c2f4e6d";

const redisBinary = findRedisServer();
// In CI a missing redis-server is a failure; on a developer machine those tests skip and say why.
const skipReason =
  !redisBinary && !process.env.CI
    ? "redis-server not found on PATH: install it (Debian: apt-get install redis-server) to run the Redis tests"
    : undefined;
if (skipReason) console.warn(`@crmkit/limiter-redis: ${skipReason}`);

const base = { vendor: "leadsquared", credential: ACCESS_KEY, limit: 5, windowMs: 1_000 } as const;
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Settles within `ms`? Returns "pending" otherwise. */
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

/** Needs redis-server; without one, skips with the reason (only outside CI). */
const needsRedis = () => beforeEach(({ skip }) => skip(!!skipReason, skipReason));
const requireRedisBinary = (): string => {
  if (!redisBinary) throw new Error("redis-server is required in CI (install the Debian package redis-server)");
  return redisBinary;
};

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
    const limiter = make({ keyPrefix: "t-window", limit: 3, windowMs: 300, marginMs: 0 });
    for (let i = 0; i < 3; i++) (await limiter.acquire())();
    const fourth = limiter.acquire();
    expect(await within(fourth, 150)).toBe("pending");
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
      windowMs: 300,
      marginMs: 0,
      fallback: { share: 0.25 },
      operationTimeoutMs: 100,
    });
    limiters.push(limiter);
    const first = limiter.acquire();
    expect(await within(first, 250)).toBe("pending"); // the quiet window
    (await first)();
    (await limiter.acquire())();
    expect(await within(limiter.acquire(), 100)).toBe("pending"); // share: 2 of 8
    expect(limiter.stats()).toMatchObject({ state: "fallback", fallbackGrants: 2, redisGrants: 0 });
  });

  it("4 processes × 500 calls through the real client: no 429, ≥ 0.9 of the limit", { timeout: 60_000 }, async () => {
    const limit = 50, windowMs = 500;
    const vendor = await startVendorServer({ limit, windowMs });
    try {
      const reports = await runWorkers(
        4,
        { redisUrl: server.url, baseUrl: vendor.url, accessKey: ACCESS_KEY, secretKey: SECRET_KEY, limit, windowMs, share: 0.25, calls: 500, concurrency: 8 },
        50_000,
      );
      const rejected = vendor.arrivals.filter((a) => a.status === 429).length;
      const ratio = throughputRatio(vendor.arrivals, limit, windowMs);
      console.log(
        `limiter-redis: 4 workers × 500 calls, limit ${limit}/${windowMs} ms: ${vendor.arrivals.length} arrivals, ` +
          `${rejected} × 429, throughput ratio ${ratio.toFixed(3)}, busiest window ${maxInAnyWindow(vendor.arrivals, windowMs)}`,
      );
      expect(reports.flatMap((r) => r.failures)).toEqual([]);
      expect(reports.map((r) => r.statuses)).toEqual(Array(4).fill({ 200: 500 }));
      expect(rejected).toBe(0);
      expect(ratio).toBeGreaterThanOrEqual(0.9);
      expect(reports.every((r) => r.stats.state === "redis" && r.stats.redisGrants === 500)).toBe(true);

      // Nothing in Redis names the credential: not the keys, not the members.
      const redis = new Redis(server.url);
      const keys: string[] = [];
      for (let cursor = "0"; ; ) {
        const [next, batch] = await redis.scan(cursor, "COUNT", 1000);
        keys.push(...batch);
        if ((cursor = next) === "0") break;
      }
      const expected = redisRateLimiterKeys("leadsquared", ACCESS_KEY);
      expect(keys).toContain(expected.window);
      for (const key of keys) {
        expect(key).not.toContain(ACCESS_KEY);
        expect(key).not.toContain(SECRET_KEY);
        const type = await redis.type(key);
        const content = type === "zset" ? await redis.zrange(key, 0, -1) : type === "string" ? [await redis.get(key)] : [];
        expect(content.join(",")).not.toContain(ACCESS_KEY);
      }
      await redis.quit();
    } finally {
      await vendor.close();
    }
  });
});

describe("Redis outage in the middle of a run", () => {
  needsRedis();
  it("no call lost, fallback observed, limit kept after reconnect", { timeout: 60_000 }, async () => {
    const limit = 50, windowMs = 500;
    const redisServer = await startRedisServer(requireRedisBinary());
    const vendor = await startVendorServer({ limit, windowMs });
    try {
      const run = runWorkers(
        4,
        { redisUrl: redisServer.url, baseUrl: vendor.url, accessKey: ACCESS_KEY, secretKey: SECRET_KEY, limit, windowMs, share: 0.25, calls: 250, concurrency: 8 },
        50_000,
      );
      while (vendor.arrivals.length < 250) await tick(20);
      const stoppedAt = Date.now();
      await redisServer.stop();
      await tick(1_500);
      await redisServer.restart();
      const restartedAt = Date.now();
      const reports = await run;

      const rejected = vendor.arrivals.filter((a) => a.status === 429);
      const lastRecovery = Math.max(...reports.map((r) => r.events.findLast((e) => e.to === "redis")?.at ?? Infinity));
      const sentDuringOutage = vendor.arrivals.filter((a) => a.at > stoppedAt && a.at < restartedAt).length;
      console.log(
        `limiter-redis outage: Redis down ${restartedAt - stoppedAt} ms; ${sentDuringOutage} calls sent meanwhile on the fallback share; ` +
          `${rejected.length} × 429 in the whole run; all workers back on Redis ${lastRecovery - restartedAt} ms after restart; ` +
          `busiest window ${maxInAnyWindow(vendor.arrivals, windowMs)}`,
      );
      for (const r of rejected) {
        const inWin = vendor.arrivals.filter((a) => a.status === 200 && a.at > r.at - windowMs && a.at <= r.at);
        const byPid: Record<string, number[]> = {};
        for (const a of inWin) (byPid[(a as any).url.split("task-")[1].split("-")[0]] ??= []).push(Math.round(a.at - stoppedAt));
        console.log("DIAG window before", Math.round(r.at - stoppedAt), JSON.stringify(byPid));
      }
      console.log("DIAG 429 at", rejected.map((a) => Math.round(a.at - stoppedAt)), "restart", restartedAt - stoppedAt,
        "events", reports.map((r) => r.events.map((e) => `${e.to}@${e.at - stoppedAt}`).join(" ")));
      // No call lost: every one of the 1000 calls came back 200.
      expect(reports.flatMap((r) => r.failures)).toEqual([]);
      expect(reports.map((r) => r.statuses)).toEqual(Array(4).fill({ 200: 250 }));
      // The documented fallback: each worker went redis → fallback → recovering → redis and used its share meanwhile.
      for (const r of reports) {
        expect(r.events.map((e) => e.to)).toEqual(["fallback", "recovering", "redis"]);
        expect(r.stats).toMatchObject({ state: "redis", outages: 1, recoveries: 1 });
        expect(r.stats.fallbackGrants).toBeGreaterThan(0);
        expect(r.stats.fallbackGrants + r.stats.redisGrants).toBe(250);
      }
      expect(sentDuringOutage).toBeGreaterThan(0);
      // Never unlimited, and the shared limit holds again after reconnect.
      expect(rejected.filter((a) => a.at >= lastRecovery)).toEqual([]);
      expect(rejected).toEqual([]);
      expect(vendor.arrivals.filter((a) => a.at > lastRecovery).length).toBeGreaterThan(0);
    } finally {
      await vendor.close();
      await redisServer.stop();
    }
  });
});
