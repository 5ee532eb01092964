import { AbortError } from "./errors.js";
import type { RateLimitConfig, RateLimiter } from "./types.js";

/** Add an abort listener; returns the function that removes it. */
export const onAbort = (s: AbortSignal | undefined, f: () => void): (() => void) => (
  s?.addEventListener("abort", f), () => s?.removeEventListener("abort", f)
);

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
  let log: number[] = [], // slot expiry times of finished requests
    busy = 0, // in flight
    tm: ReturnType<typeof setTimeout> | undefined;
  const q: (() => void)[] = [], // FIFO waiters
    pump = () => {
      clearTimeout(tm);
      const t = Date.now();
      log = log.filter((e) => e > t);
      while (q[0] && busy < maxInFlight && busy + log.length < limit) busy++, q.shift()!();
      if (q[0] && log[0] && busy < maxInFlight) tm = setTimeout(pump, log.reduce((a, e) => (a < e ? a : e)) - t);
    };
  return {
    acquire: (signal) =>
      new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(new AbortError("Aborted"));
        const w = () => {
            off();
            let done = 0;
            resolve((at) => done++ || (busy--, log.push((at ?? Date.now()) + windowMs + 1), pump()));
          },
          off = onAbort(signal, () => {
            off(), q.splice(q.indexOf(w), 1), reject(new AbortError("Aborted")), pump();
          });
        q.push(w), pump();
      }),
  };
}

const registry = new Map<string, RateLimiter>();

/** One limiter per key (vendor + credential identity hash + config) per process. */
export const sharedRateLimiter = (key: string, c: RateLimitConfig): RateLimiter => {
  key += `|${c.limit}/${c.windowMs}/${c.maxInFlight}`;
  let l = registry.get(key);
  if (!l) registry.set(key, (l = createRateLimiter(c)));
  return l;
};
