// @crmkit/limiter-redis: a core RateLimiter whose window and in-flight cap are shared by every process on one Redis.
import { validate } from "./options.js";
import { SharedLimiter } from "./shared-limiter.js";
import type { RedisRateLimiter, RedisRateLimiterOptions } from "./types.js";

export { RateLimiterUnavailableError } from "./errors.js";
export { redisRateLimiterKeys } from "./keys.js";
export type {
  RedisRateLimiter,
  RedisRateLimiterKeys,
  RedisRateLimiterOptions,
  RedisRateLimiterState,
  RedisRateLimiterStateChange,
  RedisRateLimiterStats,
} from "./types.js";

/** A core `RateLimiter` whose window and in-flight cap are shared through Redis. */
export function createRedisRateLimiter(options: RedisRateLimiterOptions): RedisRateLimiter {
  const o = validate(options);
  return new SharedLimiter(o);
}
export { type RedisReplayStore, type RedisReplayStoreOptions, createRedisReplayStore } from "./replay-store.js";
