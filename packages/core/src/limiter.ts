import { onAbort } from "./abort.js";
import { AbortError } from "./errors.js";
import type { RateLimitConfig, RateLimiter } from "./types.js";

/**
 * Sliding-window log limiter with an optional in-flight cap.
 *
 * Each request holds a slot of the window from `acquire` until `windowMs` (+1 ms) after its response arrived (the time
 * passed to `release`, else the release time). The server counted the request somewhere between our send and that
 * response, so the next request using the slot reaches the server more than a window after it: no window of length
 * `windowMs`, sliding or fixed, ever holds more than `limit` requests as the server sees them, whatever the latency.
 * The price is one round trip per window per slot (throughput ≈ windowMs / (windowMs + RTT) of the limit).
 * `maxInFlight` caps concurrent requests (freed on `release`). Waiters are served FIFO; an aborted waiter rejects with
 * AbortError at once; a timer exists only while someone waits for the window.
 */
export function createRateLimiter({ limit, windowMs, maxInFlight = Infinity }: RateLimitConfig): RateLimiter {
  /** When the window slots of finished requests free up. */
  let slotExpiries: number[] = [];
  let inFlight = 0;
  let wakeUpTimer: ReturnType<typeof setTimeout> | undefined;
  /** Admission callbacks of the waiting `acquire` calls, oldest first. */
  const waiters: (() => void)[] = [];

  const admitWaiters = () => {
    clearTimeout(wakeUpTimer);
    const now = Date.now();
    // Expired slots matter only once the log is full (so it holds at most `limit` entries).
    if (inFlight + slotExpiries.length >= limit) slotExpiries = slotExpiries.filter((expiry) => expiry > now);
    while (waiters.length > 0 && inFlight < maxInFlight && inFlight + slotExpiries.length < limit) {
      inFlight++;
      waiters.shift()!();
    }
    // Still blocked by the window: wake up when its earliest slot frees. (Blocked by the in-flight cap: the next
    // `release` admits.)
    if (waiters.length > 0 && slotExpiries.length > 0 && inFlight < maxInFlight) {
      const earliestExpiry = slotExpiries.reduce((earliest, expiry) => (earliest < expiry ? earliest : expiry));
      wakeUpTimer = setTimeout(admitWaiters, earliestExpiry - now);
    }
  };

  return {
    acquire: (signal) =>
      new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(new AbortError("Aborted"));
        const admit = () => {
          stopListening();
          let released = false;
          resolve((respondedAt) => {
            if (released) return;
            released = true;
            inFlight--;
            // +1: the slot frees strictly more than a window later, also for a server whose window includes its bounds
            slotExpiries.push((respondedAt ?? Date.now()) + windowMs + 1);
            admitWaiters();
          });
        };
        const stopListening = onAbort(signal, () => {
          stopListening();
          waiters.splice(waiters.indexOf(admit), 1);
          reject(new AbortError("Aborted"));
          admitWaiters();
        });
        waiters.push(admit);
        admitWaiters();
      }),
  };
}

const sharedLimiters = new Map<string, RateLimiter>();

/** One limiter per key (vendor + credential identity hash + config) per process. */
export const sharedRateLimiter = (key: string, config: RateLimitConfig): RateLimiter => {
  const registryKey = `${key}|${config.limit}/${config.windowMs}/${config.maxInFlight}`;
  let limiter = sharedLimiters.get(registryKey);
  if (!limiter) {
    limiter = createRateLimiter(config);
    sharedLimiters.set(registryKey, limiter);
  }
  return limiter;
};
