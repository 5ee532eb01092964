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
  /** When the window slots of finished requests free up, ascending from `first` (earlier entries have expired). */
  let slotExpiries: number[] = [];
  let first = 0;
  let inFlight = 0;
  let wakeUpTimer: ReturnType<typeof setTimeout> | undefined;
  /** Admission callbacks of the waiting `acquire` calls, oldest first. */
  const waiters: (() => void)[] = [];

  /** Whether a request may start now (expired slots are dropped on the way, so the log holds one window at most). */
  const admissible = (now: number) => {
    while (first < slotExpiries.length && slotExpiries[first]! <= now) first++;
    if (first > 64 && first * 2 > slotExpiries.length) {
      slotExpiries = slotExpiries.slice(first);
      first = 0;
    }
    return inFlight < maxInFlight && inFlight + slotExpiries.length - first < limit;
  };

  const release = () => {
    let released = false;
    return (respondedAt?: number) => {
      if (released) return;
      released = true;
      inFlight--;
      // +1: the slot frees strictly more than a window later, also for a server whose window includes its bounds
      const expiry = (respondedAt ?? Date.now()) + windowMs + 1;
      let at = slotExpiries.length;
      while (at > first && slotExpiries[at - 1]! > expiry) at--;
      if (at == slotExpiries.length) slotExpiries.push(expiry);
      else slotExpiries.splice(at, 0, expiry);
      if (waiters.length) admitWaiters();
    };
  };

  const admitWaiters = () => {
    clearTimeout(wakeUpTimer);
    const now = Date.now();
    while (waiters.length > 0 && admissible(now)) {
      inFlight++;
      waiters.shift()!();
    }
    // Still blocked by the window: wake up when its earliest slot frees. (Blocked by the in-flight cap: the next
    // `release` admits.)
    if (waiters.length > 0 && first < slotExpiries.length && inFlight < maxInFlight) {
      wakeUpTimer = setTimeout(admitWaiters, slotExpiries[first]! - now);
    }
  };

  const tryAcquire = () => {
    if (waiters.length || !admissible(Date.now())) return undefined;
    inFlight++;
    return release();
  };

  return {
    tryAcquire,
    acquire: (signal) => {
      if (signal?.aborted) return Promise.reject(new AbortError("Aborted"));
      const free = tryAcquire();
      if (free) return Promise.resolve(free);
      return new Promise((resolve, reject) => {
        const admit = () => {
          stopListening();
          resolve(release());
        };
        const stopListening = onAbort(signal, () => {
          stopListening();
          waiters.splice(waiters.indexOf(admit), 1);
          reject(new AbortError("Aborted"));
          admitWaiters();
        });
        waiters.push(admit);
        admitWaiters();
      });
    },
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
