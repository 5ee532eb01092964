import type { StepHandler } from "../stack.js";
import type { RateLimiter } from "../types.js";

/**
 * One limiter token per attempt. The in-flight slot is held until the error-mapping step is done with the response,
 * its body included (a `parseAs: "stream"` 2xx: its headers). No limiter (`rateLimit: false`): no step.
 */
export const rateLimitStep = (limiter: RateLimiter | false): StepHandler<"rateLimit"> | undefined => {
  if (!limiter) return undefined;
  return (request, context, next) => {
    const send = (release: (respondedAt?: number) => void) => {
      // The error-mapping step sets the arrival time of this attempt's response; an attempt without one releases without.
      context.respondedAt = 0;
      const done = () => release(context.respondedAt || undefined);
      return next(request, context).then(
        (response) => (done(), response),
        (error) => {
          done();
          throw error;
        },
      );
    };
    // A free slot is taken at once, without a promise in between (an aborted caller goes the waiting way: it rejects).
    const free = !context.signal?.aborted && limiter.tryAcquire?.();
    return free ? send(free) : limiter.acquire(context.signal).then(send);
  };
};
