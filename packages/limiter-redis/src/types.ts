import type { Logger, RateLimiter } from "@crmkit/core";
import type { Redis, RedisOptions } from "ioredis";

/**
 * - `redis`: every grant is decided in Redis, shared by all processes on it.
 * - `fallback`: Redis is unreachable; this process sends at most its `share` of the limit (after one quiet window).
 * - `recovering`: Redis is back and decides again, but for one more window this process also stays within its share:
 *   its sends from the outage are written into Redis first, and every other process gets a window to reconnect and do
 *   the same before anyone uses the shared window at full rate.
 * - `unavailable`: Redis is unreachable and `fallback: "fail"`: `acquire` rejects with RateLimiterUnavailableError.
 */
export type RedisRateLimiterState = "redis" | "fallback" | "recovering" | "unavailable";

export interface RedisRateLimiterStateChange {
  from: RedisRateLimiterState;
  to: RedisRateLimiterState;
  /** Why, without secrets (e.g. `Redis connection closed`). */
  reason: string;
  /** `Date.now()` of the change. */
  at: number;
}

export interface RedisRateLimiterStats {
  state: RedisRateLimiterState;
  /** Sends granted by the shared Redis window (while `recovering` too). */
  redisGrants: number;
  /** Sends granted by the in-process share alone, while Redis was unreachable. */
  fallbackGrants: number;
  /** Times this limiter left Redis (to `fallback` or `unavailable`). */
  outages: number;
  /** Times it went back to the shared Redis window. */
  recoveries: number;
  /** `acquire` calls rejected with RateLimiterUnavailableError (`fallback: "fail"`). */
  unavailableErrors: number;
}

export interface RedisRateLimiterOptions {
  /**
   * An ioredis client (yours: `close()` leaves it open), or a `redis://` URL / ioredis options, from which the limiter
   * makes and owns a client tuned to fail fast and reconnect quickly.
   */
  redis: Redis | string | RedisOptions;
  /** Vendor name, part of the key: `"leadsquared"`, `"pexip-engage"`, ... */
  vendor: string;
  /**
   * What identifies the vendor account whose limit this is (LeadSquared access key, HighLevel location token, ...).
   * Only `sha256(vendor + "\0" + credential)` reaches Redis; the value itself is not kept.
   */
  credential: string;
  /** At most `limit` sends in any window of `windowMs`, across every process sharing the Redis. */
  limit: number;
  windowMs: number;
  /** Cap on requests in flight at once across every process (Pexip Engage: 4). */
  maxInFlight?: number;
  /**
   * What to do while Redis is unreachable. Default `{ share: 0.25 }`: after one quiet window, this process alone sends at
   * most `floor(limit × share)` per window (and `floor(maxInFlight × share)` in flight), at least 1. Use `1 / workers`.
   * `"fail"`: `acquire` rejects at once with RateLimiterUnavailableError. Never unlimited.
   */
  fallback?: { share: number } | "fail";
  /** Default `crmkit:rl`. */
  keyPrefix?: string;
  /**
   * Added to `windowMs` in the shared window, for vendors that count with coarse clocks. Default `max(5, 1% of
   * windowMs)` ms. Latency needs no margin: a send holds its slot until its response is in, plus the window.
   */
  marginMs?: number;
  /** A Redis command slower than this counts as Redis being unreachable. Default 1 000 ms. */
  operationTimeoutMs?: number;
  /**
   * A crashed process's sends stop holding their in-flight slot and window entry after this long. Window entries are
   * renewed while their request runs; in-flight slots are not, so make it longer than the client's per-attempt timeout.
   * Default 60 000 ms.
   */
  inFlightLeaseMs?: number;
  /** Told about every state change (outage, recovery). */
  onStateChange?: (change: RedisRateLimiterStateChange) => void;
  /** Outages are logged at `warn`, recoveries at `info`. */
  logger?: Logger;
}

export interface RedisRateLimiter extends RateLimiter {
  readonly state: RedisRateLimiterState;
  /** The Redis keys this limiter uses (hashed; no credential in them). */
  readonly keys: RedisRateLimiterKeys;
  stats(): RedisRateLimiterStats;
  /** Rejects pending `acquire` calls, removes its listeners, and quits the Redis client if the limiter made it. */
  close(): Promise<void>;
}

export interface RedisRateLimiterKeys {
  /** Sorted set of send times (Redis server clock) in the sliding window. */
  window: string;
  /** Sorted set of in-flight leases (only with `maxInFlight`). */
  inFlight: string;
}

/** What `acquire` resolves with; the client passes the time the response arrived (`Date.now()`), when it got one. */
export type Release = (respondedAt?: number) => void;
