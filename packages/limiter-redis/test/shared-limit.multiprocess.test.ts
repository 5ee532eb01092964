import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { redisRateLimiterKeys } from "../src/index.js";
import { ACCESS_KEY, SECRET_KEY, needsRedis, requireRedisBinary } from "./helpers/redis-availability.js";
import { startRedisServer } from "./helpers/redis-server.js";
import { maxInAnyWindow, startVendorServer, throughputRatio } from "./helpers/vendor-server.js";
import { runWorkers } from "./workers.js";

// Worker processes running the built packages (real LeadSquared client, limiter on a real redis-server) against a
// local server that enforces the vendor limit by arrivals, as LeadSquared's 25 per 5 s does, scaled down. The
// "throughput" vitest project runs this file after the other suites and alone, so the throughput it measures is the
// limiter's, not other suites' CPU load; each worker also warms up (uncounted calls) before the measured run.

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("4 processes sharing one limit", () => {
  needsRedis();
  it("4 processes × 500 calls through the real client: no 429, ≥ 0.9 of what the round trips allow", { timeout: 60_000 }, async () => {
    const limit = 50, windowMs = 500;
    const server = await startRedisServer(requireRedisBinary());
    const vendor = await startVendorServer({ limit, windowMs });
    try {
      const reports = await runWorkers(
        4,
        { redisUrl: server.url, baseUrl: vendor.url, accessKey: ACCESS_KEY, secretKey: SECRET_KEY, limit, windowMs, share: 0.25, calls: 500, concurrency: 8 },
        50_000,
      );
      const rejected = vendor.arrivals.filter((a) => a.status === 429).length;
      const ratio = throughputRatio(vendor.arrivals, limit, windowMs);
      // A slot comes back one window after its response: W / (W + round trip) is the most this design reaches, lower
      // when another test run slows every round trip. Against that bound the check holds on a busy machine.
      const meanRoundTripMs = reports.reduce((sum, r) => sum + r.meanRoundTripMs, 0) / reports.length;
      const designBound = windowMs / (windowMs + meanRoundTripMs);
      console.log(
        `limiter-redis: 4 workers × 500 calls, limit ${limit}/${windowMs} ms: ${vendor.arrivals.length} arrivals, ` +
          `${rejected} × 429, throughput ratio ${ratio.toFixed(3)} (design bound ${designBound.toFixed(3)} at a mean round trip of ` +
          `${meanRoundTripMs.toFixed(1)} ms), busiest window ${maxInAnyWindow(vendor.arrivals, windowMs)}`,
      );
      expect(reports.flatMap((r) => r.failures)).toEqual([]);
      expect(reports.map((r) => r.statuses)).toEqual(Array(4).fill({ 200: 500 }));
      expect(rejected).toBe(0);
      expect(ratio).toBeGreaterThanOrEqual(0.9 * designBound);
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
      await server.stop();
    }
  });
});

describe("Redis outage in the middle of a run", () => {
  needsRedis();
  it("no call lost, fallback observed, limit kept after reconnect", { timeout: 60_000 }, async () => {
    // A short window keeps the quiet and recovery windows (one each) short.
    const limit = 50, windowMs = 500;
    const redisServer = await startRedisServer(requireRedisBinary());
    const vendor = await startVendorServer({ limit, windowMs });
    try {
      const run = runWorkers(
        4,
        { redisUrl: redisServer.url, baseUrl: vendor.url, accessKey: ACCESS_KEY, secretKey: SECRET_KEY, limit, windowMs, share: 0.25, calls: 250, concurrency: 8 },
        50_000,
      );
      let settled = false;
      run.then(() => (settled = true), () => (settled = true));
      while (!settled && vendor.arrivals.length < 250) await tick(20);
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
      // The restarted (empty) Redis holds the shared window again.
      const redis = new Redis(redisServer.url);
      expect(await redis.zcard(redisRateLimiterKeys("leadsquared", ACCESS_KEY).window)).toBeGreaterThan(0);
      await redis.quit();
    } finally {
      await vendor.close();
      await redisServer.stop();
    }
  });
});
