import { AbortError } from "./errors.js";
import type { RateLimitConfig, RateLimiter } from "./types.js";

/** Add an abort listener; returns the function that removes it. */
export const onAbort = (s: AbortSignal | undefined, f: () => void): (() => void) => (
  s?.addEventListener("abort", f), () => s?.removeEventListener("abort", f)
);

/**
 * Sliding-window log limiter with an optional in-flight cap.
 *
 * Every request holds a slot from `acquire` until `release` + `windowMs` (+1 ms). A slot is therefore counted for a full
 * window *after the response came back*, and whatever instant the server counted the request at (between our send and
 * its response) lies more than a window before the next request that reuses the slot. So no window of length
 * `windowMs`, sliding or fixed, measured at the client or at the server, ever holds more than `limit` requests, whatever
 * the latency. The cost is one round trip per window per slot (≈ 1-3 % of throughput at real latencies).
 * `maxInFlight` caps concurrent requests (released on `release`). Waiters are served FIFO; an aborted waiter rejects
 * with AbortError at once. A timer exists only while someone waits for the window.
 */
export function createRateLimiter({ limit, windowMs, maxInFlight = Infinity }: RateLimitConfig): RateLimiter {
  const log: number[] = []; // slot expiry times of finished requests, ascending
  const q: (() => void)[] = [];
  let busy = 0; // in flight
  let tm: ReturnType<typeof setTimeout> | undefined;
  const pump = () => {
    clearTimeout(tm);
    const t = Date.now();
    while (log[0]! <= t) log.shift();
    while (q.length && busy < maxInFlight && busy + log.length < limit) busy++, q.shift()!();
    if (q.length && log.length && busy < maxInFlight) tm = setTimeout(pump, log[0]! - t);
  };
  return {
    acquire: (signal) =>
      new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(new AbortError("Aborted while waiting for the rate limiter"));
        const w = () => {
          off();
          let done = 0;
          resolve(() => {
            if (!done++) busy--, log.push(Date.now() + windowMs + 1), pump();
          });
        };
        const off = onAbort(signal, () => {
          off();
          q.splice(q.indexOf(w), 1);
          reject(new AbortError("Aborted while waiting for the rate limiter"));
          pump();
        });
        q.push(w);
        pump();
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
