// Waiting on timers, promises and Redis, cut short by the caller's signal, the limiter's close, or the loss of Redis.
import type { Redis } from "ioredis";
import { RedisLost, abortError, closedError } from "./errors.js";
import type { Release } from "./types.js";

export const noop = () => {};

/** What can cut a wait short: the caller's `signal` (→ AbortError), `closing` (→ closed error), `lost` (→ RedisLost). */
export interface WaitSignals {
  signal?: AbortSignal | undefined;
  closing: AbortSignal;
  lost?: AbortSignal | undefined;
}

/** Sleep `ms`; rejects at once when one of the signals fires. */
export function sleep(ms: number, { signal, closing, lost }: WaitSignals): Promise<void> {
  const signals = [signal, lost, closing].filter((s): s is AbortSignal => !!s);
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(finish, ms);
    function finish() {
      clearTimeout(timer);
      for (const s of signals) s.removeEventListener("abort", finish);
      if (signal?.aborted) reject(abortError());
      else if (closing.aborted) reject(closedError());
      else if (lost?.aborted) reject(new RedisLost("Redis connection closed"));
      else resolve();
    }
    if (signals.some((s) => s.aborted)) return finish();
    for (const s of signals) s.addEventListener("abort", finish, { once: true });
  });
}

/** `promise`, unless `signal` (→ AbortError) or `closing` (→ closed error) fires first. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined, closing: AbortSignal): Promise<T> {
  if (signal?.aborted) return Promise.reject(abortError());
  if (closing.aborted) return Promise.reject(closedError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => (cleanup(), reject(abortError()));
    const onClose = () => (cleanup(), reject(closedError()));
    const cleanup = () => {
      signal?.removeEventListener("abort", onAbort);
      closing.removeEventListener("abort", onClose);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    closing.addEventListener("abort", onClose, { once: true });
    promise.then(
      (v) => (cleanup(), resolve(v)),
      (e) => (cleanup(), reject(e)),
    );
  });
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e)),
    );
  });
}

/** True once the client is ready, false if it is not within `ms` (or has ended). */
export async function readyWithin(redis: Redis, ms: number, signal: AbortSignal | undefined, closing: AbortSignal): Promise<boolean> {
  if (redis.status === "ready") return true;
  if (redis.status === "end") return false;
  const ready = new Promise<boolean>((resolve) => {
    const onReady = () => (clearTimeout(timer), resolve(true));
    const timer = setTimeout(() => (redis.off("ready", onReady), resolve(false)), ms);
    redis.once("ready", onReady);
  });
  return raceAbort(ready, signal, closing);
}

export function once(f: Release): Release {
  let done = false;
  return (respondedAt) => {
    if (!done) (done = true), f(respondedAt);
  };
}

/**
 * ms between the response's arrival (`Date.now()` passed to release, if any) and now; never before the grant, so a
 * bogus time cannot free a slot early.
 */
export function msSince(respondedAt: number | undefined, grantedAt: number): number {
  const now = Date.now();
  if (typeof respondedAt !== "number" || !Number.isFinite(respondedAt)) return 0;
  return Math.max(0, now - Math.max(respondedAt, grantedAt));
}
