import type { Middleware } from "openapi-fetch";

/** A vendor's id as its package declares it (`VendorDefinition.vendor`), e.g. the folder name of its spec. */
export type VendorName = string;

/** One operation of a vendor contract, generated from the spec (method + path template + crmkit extensions). */
export interface OperationMeta {
  method: string;
  /** Path template as written in the spec, relative to the vendor's base URL, e.g. `/opportunities/{id}`. */
  path: string;
  operationId: string;
  /** `x-crmkit-idempotent: true`: a POST that is safe to retry. */
  idempotent?: boolean;
  /** `x-crmkit-idempotency-key: <field>`: a POST that is safe to retry when its JSON body carries this field non-empty. */
  idempotencyKey?: string;
  /** `x-crmkit-read-only: true` (or any GET). */
  readOnly?: boolean;
  /** Headers the vendor requires on this operation (e.g. an API `Version`); set unless the caller already set them. */
  headers?: Record<string, string>;
  /** `x-crmkit-pagination`: how a listing operation pages (followed by `paginate`). */
  pagination?: import("./pagination.js").PaginationMeta;
}

export interface RateLimitConfig {
  /** At most `limit` sends in any window of `windowMs`. */
  limit: number;
  windowMs: number;
  /** Optional cap on concurrent requests. */
  maxInFlight?: number;
}

export interface VendorDefinition {
  vendor: VendorName;
  /** Default base URL (a client may override it). */
  baseUrl: string;
  /**
   * Generated from the spec. A request is matched to an operation by method + path template, after stripping the
   * base URL's own path prefix; templates with more literal segments win (`/opportunities/search` over `/opportunities/{id}`).
   */
  operations: readonly OperationMeta[];
  /** Documented client-side default; overridable per client with `rateLimit`. */
  rateLimit: RateLimitConfig;
  /** Extract the vendor's own error code/message/details from an error body (parsed JSON, or the raw text when not JSON). */
  parseError(body: unknown, status: number): { code?: string; message?: string; details?: unknown };
  /** A vendor that reports some failures inside a 2xx body: true for such a body. */
  isErrorBody?(body: unknown): boolean;
  /** Response headers carrying a request/correlation id; default `["x-request-id"]`. */
  requestIdHeaders?: readonly string[];
  /**
   * Header and query parameter names that carry credentials, beyond what redaction already recognises (any name
   * containing key, token, secret, password, signature or session; authorization, cookie). Their values never reach
   * errors, logs or events.
   */
  secretNames?: readonly string[];
  /**
   * The vendor's own "wait this long" headers, read when `Retry-After` and `X-RateLimit-Reset` are absent: milliseconds
   * to wait, or NaN when the response says nothing.
   */
  serverDelay?(headers: Headers): number;
}

/**
 * A client-side rate limiter. `acquire` resolves (after waiting, if needed) with `release`, which the stack calls when
 * the attempt is over, passing the time its response arrived (`Date.now()`; absent when it failed without a response).
 */
export interface RateLimiter {
  acquire(signal?: AbortSignal): Promise<(respondedAt?: number) => void>;
  /** Optional: take a slot now if one is free, without waiting (`release`), else undefined (then `acquire` waits). */
  tryAcquire?(): ((respondedAt?: number) => void) | undefined;
}

export interface Auth {
  /** Set the credentials on an outgoing request. */
  apply(headers: Headers): void | Promise<void>;
  /** Non-secret identity (a hash) used to share one rate limiter between clients with the same credentials. */
  identity: string;
  /**
   * Obtain new credentials after a 401; resolves `true` when the request should be retried once (with `apply` run
   * again). `failed` are the headers of the request that got the 401, so a provider can tell that another call already
   * refreshed (its current token differs) and skip a second refresh.
   */
  refresh?(failed?: Headers): Promise<boolean>;
  /** Called by `createVendorClient` with the client's `fetch`, so token endpoints use the same transport. */
  setFetch?(fetch: (request: Request) => Promise<Response>): void;
}

export type LogLevel = "off" | "error" | "warn" | "info" | "debug";

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Emitted before every attempt (the first one included). */
export interface AttemptEvent {
  /** 1-based attempt number. */
  attempt: number;
  /** Delay waited before this attempt (0 for the first). */
  delayMs: number;
  /** `"initial"`, the status that caused the retry (`"503"`), `"TimeoutError"`, `"ConnectionError"` or `"auth"` (retry after a 401 refresh). */
  reason: string;
  operationId?: string;
  method: string;
  /** The request URL with secret query values replaced by `***`. */
  url: string;
}

/** Per-call options: `client.GET("/x", { crmkit: { timeout: 5_000, maxRetries: 0 } })`. */
export interface CallOptions {
  /** Per-attempt timeout in ms (overrides the client's). */
  timeout?: number;
  /** Retries for this call (overrides the client's). */
  maxRetries?: number;
}

export interface CrmkitClientOptions {
  /** Overrides the vendor definition's base URL. */
  baseUrl?: string;
  /**
   * Transport (default: the global `fetch`). Also used for OAuth token requests. It gets each attempt's request alone;
   * when the attempt times out or the caller aborts, the stack fires "abort" on that request's own signal, which stops
   * undici's `fetch(request)` and any transport that passes `request.signal` on (README "Signals").
   */
  fetch?: (request: Request) => Promise<Response>;
  /** Default 2. */
  maxRetries?: number;
  /** Per-attempt timeout in ms. Default 30 000. */
  timeout?: number;
  /** Longest server-directed delay (`Retry-After`, rate-limit reset) the client will sleep; beyond it the call fails. Default 60 000. */
  maxRetryDelay?: number;
  /** Override the vendor's default limit, or `false` to disable client-side rate limiting. */
  rateLimit?: Partial<RateLimitConfig> | false;
  /** Use this limiter instead (e.g. a shared Redis-backed one). */
  rateLimiter?: RateLimiter;
  /** Retry budget (token bucket per client). Default capacity 500, retryCost 5, timeoutCost 10; `false` disables. */
  retryBudget?: { capacity?: number; retryCost?: number; timeoutCost?: number } | false;
  /** Default `console` when `logLevel` is not `off`. */
  logger?: Logger;
  /** Default `"off"`. */
  logLevel?: LogLevel;
  onAttempt?: (event: AttemptEvent) => void;
  /** openapi-fetch middleware; runs before the crmkit stack (same as `client.use(...)`). */
  middleware?: Middleware[];
  /** Headers sent on every request. */
  headers?: Record<string, string>;
}

declare global {
  // openapi-fetch copies unknown init keys onto the Request, so `crmkit` reaches the stack as `request.crmkit`.
  interface RequestInit {
    /** crmkit per-call options (timeout, maxRetries). */
    crmkit?: CallOptions;
  }
}
