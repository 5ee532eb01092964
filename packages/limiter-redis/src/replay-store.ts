// A webhook replay store on Redis: a delivery id accepted by one receiver process is a replay for every other process
// on the same Redis. Plugs into any crmkit `parseWebhook` as `replayStore`.
import { ValidationError } from "@crmkit/core";
import type { ReplayStore } from "@crmkit/core/webhooks";
import { Redis, type RedisOptions } from "ioredis";

export interface RedisReplayStoreOptions {
  /**
   * An ioredis client (yours: `close()` leaves it open), or a `redis://` URL / ioredis options, from which the store
   * makes and owns a client that fails fast while Redis is unreachable.
   */
  redis: Redis | string | RedisOptions;
  /** Prefix of every key (default `crmkit:webhook`); keys are `<prefix>:<vendor>:<delivery id>`. */
  keyPrefix?: string;
  /** Longest a Redis command may take before the claim fails (default 2,000 ms); owned clients only. */
  operationTimeoutMs?: number;
}

export interface RedisReplayStore extends ReplayStore {
  /** Closes the client the store made (a client you passed in stays open). */
  close(): Promise<void>;
}

const looksLikeClient = (x: unknown): x is Redis => {
  const c = x as Partial<Redis> | null;
  return !!c && typeof c.set === "function" && typeof c.del === "function" && typeof c.status === "string";
};

function checkOptions(options: RedisReplayStoreOptions): { keyPrefix: string; operationTimeoutMs: number } {
  if (!options || typeof options !== "object") throw new ValidationError("options", "must be an object");
  const { redis, keyPrefix = "crmkit:webhook", operationTimeoutMs = 2_000 } = options;
  if (!looksLikeClient(redis) && !(typeof redis === "string" && /^rediss?:\/\//.test(redis)) && !(redis && typeof redis === "object")) {
    throw new ValidationError("redis", "must be an ioredis client, a redis:// or rediss:// URL, or ioredis options");
  }
  if (typeof keyPrefix !== "string" || keyPrefix.trim() === "") throw new ValidationError("keyPrefix", "must be a non-empty string");
  if (!Number.isInteger(operationTimeoutMs) || operationTimeoutMs <= 0) throw new ValidationError("operationTimeoutMs", "must be a positive integer");
  return { keyPrefix, operationTimeoutMs };
}

/** Waits (up to `timeoutMs`) for a connecting client: without an offline queue, commands sent earlier would fail. */
async function connected(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === "ready") return;
  if (redis.status === "wait") redis.connect().catch(() => {});
  await new Promise<void>((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      redis.off("ready", onReady);
      if (error) reject(error);
      else resolve();
    };
    const onReady = () => done();
    const timer = setTimeout(() => done(new Error(`Redis was not reachable within ${timeoutMs} ms`)), timeoutMs);
    redis.once("ready", onReady);
  });
}

/**
 * A `ReplayStore` on Redis. `claim` is one `SET key 1 PX ttl NX`, so of concurrent claims of an id, on any number of
 * processes, exactly one succeeds. While Redis is unreachable `claim` rejects: the delivery is neither accepted nor
 * refused as a replay, and an error answer makes the vendor retry it later (fail closed).
 */
export function createRedisReplayStore(options: RedisReplayStoreOptions): RedisReplayStore {
  const { keyPrefix, operationTimeoutMs } = checkOptions(options);
  const owned = !looksLikeClient(options.redis);
  const tuned: RedisOptions = { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: operationTimeoutMs, connectTimeout: operationTimeoutMs };
  const redis = looksLikeClient(options.redis)
    ? options.redis
    : typeof options.redis === "string"
      ? new Redis(options.redis, tuned)
      : new Redis({ ...options.redis, ...tuned });
  // An owned client reports failures through claim's rejection; without a listener ioredis would also print them.
  if (owned) redis.on("error", () => {});
  const key = (id: string) => `${keyPrefix}:${id}`;
  return {
    async claim(id, ttlMs) {
      if (!Number.isInteger(ttlMs) || ttlMs <= 0) throw new ValidationError("ttlMs", "must be a positive integer");
      await connected(redis, operationTimeoutMs);
      return (await redis.set(key(id), "1", "PX", ttlMs, "NX")) === "OK";
    },
    async release(id) {
      await connected(redis, operationTimeoutMs);
      await redis.del(key(id));
    },
    async close() {
      if (owned) await redis.quit().catch(() => redis.disconnect());
    },
  };
}
