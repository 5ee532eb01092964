import type { StepHandler } from "../stack.js";
import type { RateLimiter } from "../types.js";

/**
 * One limiter token per attempt. The in-flight slot is held until the error-mapping step is done with the response:
 * its body included when that step reads it (error statuses, vendors with errors inside a 2xx), its headers otherwise.
 */
export const rateLimitStep =
  (limiter: RateLimiter | false): StepHandler<"rateLimit"> =>
  async (request, context, next) => {
    if (!limiter) return next(request);
    const release = await limiter.acquire(context.signal);
    // The error-mapping step sets the arrival time of this attempt's response; an attempt without one releases without.
    context.respondedAt = 0;
    try {
      return await next(request);
    } finally {
      release(context.respondedAt || undefined);
    }
  };
