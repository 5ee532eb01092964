import type { StepHandler } from "../stack.js";
import type { RateLimiter } from "../types.js";

/**
 * One limiter token per attempt. The in-flight slot is held until the response, body included, is in: the step runs
 * outside the timeout and error-mapping steps, which read the body.
 */
export const rateLimitStep =
  (limiter: RateLimiter | false): StepHandler<"rateLimit"> =>
  async (request, context, next) => {
    if (!limiter) return next(request);
    const release = await limiter.acquire(context.signal);
    // The transport sets the arrival time of this attempt's response; an attempt that got none releases without one.
    context.respondedAt = 0;
    return next(request).finally(() => release(context.respondedAt || undefined));
  };
