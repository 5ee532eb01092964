import { Redis, type RedisOptions } from "ioredis";

/** An ioredis client, also one from another copy of ioredis (where `instanceof` fails). */
export function isRedisClient(x: unknown): x is Redis {
  const c = x as Partial<Redis> | null;
  return !!c && typeof c.defineCommand === "function" && typeof c.status === "string" && typeof c.on === "function";
}

/**
 * The caller's client (connected if it was created lazily), or one the limiter makes and owns from a URL or options.
 * `windowMs`: the shared window, which bounds how long a reconnect may take.
 */
export function redisClientFor(
  redis: Redis | string | RedisOptions,
  { operationTimeoutMs, windowMs }: { operationTimeoutMs: number; windowMs: number },
): { redis: Redis; ownsRedis: boolean } {
  if (isRedisClient(redis)) {
    if (redis.status === "wait") redis.connect().catch(() => {});
    return { redis, ownsRedis: false };
  }
  // Fail fast while disconnected (no offline queue) and reconnect well within a window, so every process is back on
  // Redis before the recovery hold of any other one ends.
  const tuned: RedisOptions = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: Math.max(operationTimeoutMs, 1_000),
    retryStrategy: (times) => Math.min(50 * times, 1_000, Math.max(50, Math.floor(windowMs / 2))),
  };
  return { redis: typeof redis === "string" ? new Redis(redis, tuned) : new Redis({ ...redis, ...tuned }), ownsRedis: true };
}
