import { ValidationError } from "@crmkit/core";
import { redisRateLimiterKeys } from "./keys.js";
import { isRedisClient } from "./redis-client.js";
import type { RedisRateLimiterKeys, RedisRateLimiterOptions } from "./types.js";

/** The options with every default filled in, the credential replaced by its keys. */
export type Validated = Required<Omit<RedisRateLimiterOptions, "maxInFlight" | "onStateChange" | "logger" | "credential">> &
  Pick<RedisRateLimiterOptions, "maxInFlight" | "onStateChange" | "logger"> & { keys: RedisRateLimiterKeys };

export function validate(options: RedisRateLimiterOptions): Validated {
  if (!options || typeof options !== "object") throw new ValidationError("options", "must be an object");
  const { redis, vendor, credential, limit, windowMs, maxInFlight } = options;
  if (!isRedisClient(redis) && !(typeof redis === "string" && redis !== "") && !(redis && typeof redis === "object"))
    throw new ValidationError("redis", "must be an ioredis client, a redis:// URL or ioredis options");
  if (typeof redis === "string" && !/^rediss?:\/\//.test(redis))
    throw new ValidationError("redis", "a URL must start with redis:// or rediss://");
  nonEmpty("vendor", vendor);
  nonEmpty("credential", credential);
  positiveInteger("limit", limit);
  positiveInteger("windowMs", windowMs);
  if (maxInFlight !== undefined) positiveInteger("maxInFlight", maxInFlight);
  const fallback = options.fallback ?? { share: 0.25 };
  if (fallback !== "fail") {
    const share = (fallback as { share?: unknown } | null)?.share;
    if (typeof share !== "number" || !(share > 0 && share <= 1))
      throw new ValidationError("fallback.share", 'must be a number in (0, 1], or fallback must be "fail"');
  }
  const keyPrefix = options.keyPrefix ?? "crmkit:rl";
  nonEmpty("keyPrefix", keyPrefix);
  const marginMs = options.marginMs ?? Math.max(5, Math.ceil(windowMs * 0.01));
  if (!Number.isInteger(marginMs) || marginMs < 0) throw new ValidationError("marginMs", "must be a non-negative integer");
  const operationTimeoutMs = options.operationTimeoutMs ?? 1_000;
  positiveInteger("operationTimeoutMs", operationTimeoutMs);
  const inFlightLeaseMs = options.inFlightLeaseMs ?? 60_000;
  positiveInteger("inFlightLeaseMs", inFlightLeaseMs);
  if (options.onStateChange !== undefined && typeof options.onStateChange !== "function")
    throw new ValidationError("onStateChange", "must be a function");
  return {
    redis,
    vendor,
    limit,
    windowMs,
    maxInFlight,
    fallback,
    keyPrefix,
    marginMs,
    operationTimeoutMs,
    inFlightLeaseMs,
    onStateChange: options.onStateChange,
    logger: options.logger,
    keys: redisRateLimiterKeys(vendor, credential, keyPrefix),
  };
}

function nonEmpty(field: string, value: unknown): asserts value is string {
  if (typeof value !== "string" || value.trim() === "") throw new ValidationError(field, "must be a non-empty string");
}

function positiveInteger(field: string, value: unknown): asserts value is number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1)
    throw new ValidationError(field, "must be a positive integer");
}
