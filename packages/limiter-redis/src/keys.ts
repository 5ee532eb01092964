import { createHash } from "node:crypto";
import type { RedisRateLimiterKeys } from "./types.js";

/**
 * The keys for a vendor credential. Both share one hash tag (`{…}`), so they live in one slot on a Redis Cluster.
 */
export function redisRateLimiterKeys(vendor: string, credential: string, keyPrefix = "crmkit:rl"): RedisRateLimiterKeys {
  const id = createHash("sha256").update(`${vendor}\0${credential}`).digest("hex");
  return { window: `${keyPrefix}:{${id}}:window`, inFlight: `${keyPrefix}:{${id}}:in-flight` };
}
