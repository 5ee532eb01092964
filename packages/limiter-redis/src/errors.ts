import { AbortError, CrmkitError } from "@crmkit/core";

/** Redis could not be used and `fallback: "fail"` was chosen, or the limiter was closed. Not retried by the client. */
export class RateLimiterUnavailableError extends CrmkitError {
  static override k = "RateLimiterUnavailableError";
  readonly retryable: boolean = false;
}

/** Thrown inside the Redis path when Redis can no longer be used; the acquire moves on to the fallback. */
export class RedisLost extends Error {}

export function abortError(): AbortError {
  return new AbortError("Aborted while waiting for the rate limiter");
}

export function closedError(): RateLimiterUnavailableError {
  return new RateLimiterUnavailableError("The Redis rate limiter was closed");
}

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
