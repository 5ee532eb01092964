// What is retried and how long to wait: pure rules, no I/O. (No value imports, so that bundlers inline the constants.)
import type { OperationMeta } from "../types.js";

// Backoff min(500 ms · 2^n, 8 s) · (1 − U[0, 0.25)) for retry n = 0, 1, … (Stainless' formula).
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 8_000;
const BACKOFF_JITTER = 0.25;
// An `X-RateLimit-Reset` past these is an epoch time (both are September 2001), not a delay.
const EPOCH_MILLISECONDS_MIN = 1e12;
const EPOCH_SECONDS_MIN = 1e9;

/** Statuses retried (with network errors and timeouts). Never any other 4xx. */
export const RETRY_STATUSES: readonly number[] = [408, 429, 500, 502, 503, 504];

// AWS SDK v3 standard-mode retry quota: an outage gets at most capacity / retryCost retries from a client.
export const DEFAULT_RETRY_BUDGET = { capacity: 500, retryCost: 5, timeoutCost: 10 };

const decoder = new TextDecoder();

/**
 * Server-directed delay in ms, NaN when the response carries none: `Retry-After` (seconds or HTTP date), then
 * `X-RateLimit-Reset` (ms until reset; epoch seconds/ms also understood), then the vendor's own headers
 * (`VendorDefinition.serverDelay`).
 */
export const serverDelay = (headers: Headers, now = Date.now(), vendorDelay?: (headers: Headers) => number): number => {
  const retryAfter = headers.get("retry-after");
  if (retryAfter) {
    const seconds = Number(retryAfter);
    return isNaN(seconds) ? Date.parse(retryAfter) - now : seconds * 1000;
  }
  const reset = headers.get("x-ratelimit-reset");
  if (reset) {
    const value = Number(reset);
    if (value > EPOCH_MILLISECONDS_MIN) return value - now;
    if (value > EPOCH_SECONDS_MIN) return value * 1000 - now;
    return value;
  }
  return vendorDelay ? vendorDelay(headers) : NaN;
};

/** GET/PUT/PATCH/DELETE (HEAD, OPTIONS) are idempotent; a POST only when the spec says so or it carries its key. */
export const isRetrySafe = (
  method: string,
  operation: OperationMeta | undefined,
  body: string | ArrayBuffer | undefined,
): boolean => {
  if (method != "POST" || operation?.idempotent) return true;
  const key = operation?.idempotencyKey;
  if (!key) return false;
  try {
    return !!JSON.parse(typeof body == "string" ? body : decoder.decode(body))[key];
  } catch {
    return false;
  }
};

/** Backoff with jitter, unless the server said how long to wait (a date already past means no wait). */
export const retryDelayMs = (serverDelayMs: number, retryIndex: number, random: () => number): number => {
  if (!isNaN(serverDelayMs)) return Math.max(0, Math.round(serverDelayMs));
  return Math.round(Math.min(BACKOFF_BASE_MS * 2 ** retryIndex, BACKOFF_MAX_MS) * (1 - random() * BACKOFF_JITTER));
};
