import { beforeEach } from "vitest";
import { findRedisServer } from "./redis-server.js";

/** Credentials the tests look for in Redis, errors and logs: they must never show up. */
export const ACCESS_KEY = "u$r-access-8f3a61c2d94b";
export const SECRET_KEY = "s3cr3t-7d1e0b5a9c2f4e6d";

export const redisBinary = findRedisServer();

// In CI a missing redis-server is a failure; on a developer machine the Redis tests skip and say why.
export const skipReason =
  !redisBinary && !process.env.CI
    ? "redis-server not found on PATH: install it (Debian: apt-get install redis-server) to run the Redis tests"
    : undefined;
if (skipReason) console.warn(`@crmkit/limiter-redis: ${skipReason}`);

/** Call inside a describe whose tests need redis-server. */
export const needsRedis = () => beforeEach(({ skip }) => skip(!!skipReason, skipReason));

export const requireRedisBinary = (): string => {
  if (!redisBinary) throw new Error("redis-server is required in CI (install the Debian package redis-server)");
  return redisBinary;
};
