import type { Next, StackContext, StepHandler } from "../stack.js";
import type { RateLimiter } from "../types.js";

type Release = (respondedAt?: number) => void;

/**
 * One limiter token per attempt. The in-flight slot is held until the error-mapping step is done with the response,
 * its body included (a `parseAs: "stream"` 2xx: its headers). No limiter (`rateLimit: false`): no step.
 */
export const rateLimitStep = (limiter: RateLimiter | false): StepHandler<"rateLimit"> | undefined =>
  limiter
    ? (request, context, next) => {
        // A free slot is taken at once, without a promise in between (an aborted caller goes the waiting way: it rejects).
        const free = !context.signal?.aborted && limiter.tryAcquire?.();
        if (free) return sendHolding(free, request, context, next);
        return limiter.acquire(context.signal).then((release) => sendHolding(release, request, context, next));
      }
    : undefined;

const sendHolding = (release: Release, request: Request, context: StackContext, next: Next) => {
  // The error-mapping step sets the arrival time of this attempt's response; an attempt without one releases without.
  context.respondedAt = 0;
  return next(request, context).then(
    (response) => (release(context.respondedAt || undefined), response),
    (error) => {
      release(context.respondedAt || undefined);
      throw error;
    },
  );
};
