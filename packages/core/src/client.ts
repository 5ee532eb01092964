import createClient, { type Client } from "openapi-fetch";
import {
  AbortError,
  type ApiErrorInit,
  ConnectionError,
  CrmkitError,
  TimeoutError,
  createApiError,
  redactUrl,
  responseErrors,
  scrub,
  secretsOf,
} from "./errors.js";
import { onAbort, sharedRateLimiter } from "./limiter.js";
import type { Auth, CallOptions, CrmkitClientOptions, OperationMeta, VendorDefinition } from "./types.js";

/**
 * The crmkit stack, outermost first. It runs at the fetch level (it is the `fetch` handed to openapi-fetch), after the
 * caller's openapi-fetch middleware.
 *
 * Retry sits OUTSIDE rate limit (and timeout): every attempt, retries included, takes its own rate-limit token and
 * holds an in-flight slot only while it is on the wire, never while sleeping in backoff; and the timeout applies per
 * attempt, not to the waiting. Auth and vendor headers run once per call, outside retry; after a 401 the retry step
 * asks `auth.refresh()` and re-applies auth to the retried attempt.
 */
export const stackStepNames = ["auth", "vendorHeaders", "retry", "rateLimit", "timeout", "errorMapping", "logging"] as const;
export type StackStepName = (typeof stackStepNames)[number];

/** Per-call state shared by the steps. */
export interface StackContext {
  /** The operation matched by method + path template (undefined when none matches). */
  op: OperationMeta | undefined;
  /** Per-call options (`{ crmkit: {...} }` in the openapi-fetch call, read from `request.crmkit`). */
  call: CallOptions;
  /** The caller's signal. */
  signal: AbortSignal;
  /** The request URL with secret query values redacted (for logs, events and messages). */
  url: string;
  /** Current attempt, 1-based (set by the retry step). */
  attempt: number;
  /** The request body, buffered once and re-sent intact on every attempt. */
  body: ArrayBuffer | null;
  /** When the transport returned the current attempt's response headers (for the rate limiter). */
  respondedAt?: number;
}
type Next = (request: Request) => Promise<Response>;
/** One named step of the stack. */
export interface StackStep {
  name: StackStepName;
  handle(request: Request, ctx: StackContext, next: Next): Promise<Response>;
}

/** Statuses retried (with network errors and timeouts). Never any other 4xx. */
export const RETRY_STATUSES: readonly number[] = [408, 429, 500, 502, 503, 504];
const LEVELS = ["off", "error", "warn", "info", "debug"] as const,
  decoder = new TextDecoder();

/** Internal test hooks (`options._t`), not part of the public types. */
interface TestHooks {
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
}

const sleep = (ms: number, s: AbortSignal) =>
  new Promise<void>((res, rej) => {
    const ab = () => (clearTimeout(t), off(), rej(new AbortError("Aborted"))),
      off = onAbort(s, ab),
      t = setTimeout(() => (off(), res()), ms);
    s.aborted && ab();
  });

/**
 * Server-directed delay in ms, NaN when the response carries none: `Retry-After` (seconds or HTTP date), then
 * `X-RateLimit-Reset` (ms until reset; epoch seconds/ms also understood), then HighLevel's
 * `X-RateLimit-Remaining: 0` + `X-RateLimit-Interval-Milliseconds`.
 */
export const serverDelay = (h: Headers, now = Date.now()): number => {
  let v = h.get("retry-after"),
    x = +v!;
  return v
    ? isNaN(x)
      ? Date.parse(v) - now
      : x * 1e3
    : (v = h.get("x-ratelimit-reset"))
      ? (x = +v) > 1e12
        ? x - now
        : x > 1e9
          ? x * 1e3 - now
          : x
      : h.get("x-ratelimit-remaining") == "0"
        ? +(h.get("x-ratelimit-interval-milliseconds") ?? NaN)
        : NaN;
};

/**
 * Create an openapi-fetch client whose `fetch` is the crmkit stack for `definition`. Results keep openapi-fetch's
 * `{ data, error, response }` shape. A vendor "error inside a 2xx" (and a 2xx JSON body that does not parse) comes back
 * as `error`: the error-mapping step hands openapi-fetch a copy of the response whose `ok` is `false` (its `status`
 * stays 200), and `unwrap()` / `errorOf(response)` give the typed ApiError.
 */
export function createVendorClient<Paths extends {}>(
  definition: VendorDefinition,
  auth: Auth,
  options: CrmkitClientOptions = {},
): Client<Paths> {
  const def = definition,
    o = options,
    hooks: TestHooks = (o as { _t?: TestHooks })._t ?? {},
    send = o.fetch ?? ((r: Request) => fetch(r)),
    baseUrl = o.baseUrl ?? def.baseUrl,
    basePath = new URL(baseUrl).pathname.replace(/\/$/, ""),
    // A {param} matches one segment, so only templates with as many segments compete for a path: trying those with
    // fewer parameters (more literal segments) first picks /opportunities/search over /opportunities/{id}.
    ops = def.operations
      .map(
        (op) =>
          [
            op.path.split("{").length,
            RegExp(`^${op.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/{[^}]*}/g, "[^/]+")}$`),
            op,
          ] as const,
      )
      .sort((a, b) => a[0] - b[0]),
    limiter =
      o.rateLimiter ??
      (o.rateLimit !== false && sharedRateLimiter(def.vendor + ":" + auth.identity, { ...def.rateLimit, ...o.rateLimit })),
    budget = o.retryBudget !== false && { capacity: 500, retryCost: 5, timeoutCost: 10, ...o.retryBudget },
    level = LEVELS.indexOf(o.logLevel ?? "off"),
    log = (l: 1 | 2 | 3 | 4, m: string) => l <= level && (o.logger ?? console)[LEVELS[l]]("crmkit " + m),
    requestId = (h: Headers) => (def.requestIdHeaders ?? ["x-request-id"]).map((k) => h.get(k)).find((v) => v) ?? undefined;
  let tokens = budget ? budget.capacity : 0;
  auth.setFetch?.(send);

  const handlers: StackStep["handle"][] = [
    // auth: once per call (the retry step re-applies it after a 401 refresh)
    async (r, _c, next) => (await auth.apply(r.headers), next(r)),
    // vendorHeaders: per-operation headers (HighLevel `Version`) unless the caller set them
    (r, c, next) => {
      const h = c.op?.headers;
      for (const k in h) r.headers.has(k) || r.headers.set(k, h[k]!);
      return next(r);
    },
    // retry
    async (req, c, next) => {
      const m = req.method,
        op = c.op,
        key = op?.idempotencyKey,
        max = c.call.maxRetries ?? o.maxRetries ?? 2;
      // GET/PUT/PATCH/DELETE (HEAD, OPTIONS) are idempotent; a POST only when the spec says so or it carries its key
      let safe = m != "POST" || op?.idempotent,
        retries = 0,
        refreshed: unknown,
        delayMs = 0,
        reason = "initial";
      if (key) try { safe ||= !!JSON.parse(decoder.decode(c.body!))[key]; } catch {}
      for (;;) {
        c.attempt++;
        o.onAttempt?.({ attempt: c.attempt, delayMs, reason, operationId: op?.operationId, method: m, url: c.url });
        let res: Response | undefined, err: any;
        try {
          res = await next(req); // the timeout step makes each attempt's Request, body from the buffer
        } catch (e) {
          err = e;
        }
        const s = res?.status ?? 0;
        // 401: refresh once (single flight in the provider, which also sees the token that failed) and retry
        if (s == 401 && !refreshed && (refreshed = await auth.refresh?.(req.headers))) {
          await auth.apply(req.headers);
          (reason = "auth"), (delayMs = 0);
          continue;
        }
        if (!err && s < 400) {
          if (budget) tokens = Math.min(budget.capacity, tokens + 1);
          return res!;
        }
        const d = res ? serverDelay(res.headers) : NaN,
          cost = budget ? budget[err instanceof TimeoutError ? "timeoutCost" : "retryCost"] : 0;
        if (
          !safe ||
          retries >= max ||
          !(err ? err.retryable : RETRY_STATUSES.includes(s)) ||
          d > (o.maxRetryDelay ?? 6e4) || // the server wants a longer pause than we may sleep: fail now
          tokens < cost // retry budget exhausted: don't hammer an outage
        ) {
          if (err) throw err;
          return res!;
        }
        tokens -= cost;
        // min(500 ms · 2^n, 8 s) · (1 − U[0, 0.25)), unless the server said how long to wait
        delayMs = Math.round(
          d >= 0 ? d : d < 0 ? 0 : Math.min(500 * 2 ** retries, 8e3) * (1 - (hooks.random ?? Math.random)() / 4),
        );
        retries++;
        reason = err ? err.name : "" + s;
        log(3, `retry ${m} ${c.url} attempt=${c.attempt + 1} in ${delayMs}ms (${reason})`);
        await (hooks.sleep ?? sleep)(delayMs, c.signal);
      }
    },
    // rateLimit: one token per attempt; the in-flight slot is held until the response (body included) is in
    async (r, c, next) => {
      if (!limiter) return next(r);
      const release = await limiter.acquire(c.signal);
      c.respondedAt = 0;
      return next(r).finally(() => release(c.respondedAt || undefined));
    },
    // timeout: per attempt (headers and body), combined with the caller's signal; maps transport failures
    (r, c, next) => {
      const ms = c.call.timeout ?? o.timeout ?? 3e4,
        ac = new AbortController(),
        s = c.signal,
        ab = () => ac.abort(),
        off = onAbort(s, ab),
        tm = ms > 0 && ms < 2 ** 31 ? setTimeout(ab, ms) : undefined, // 0 or Infinity: no timeout
        what = `: ${r.method} ${c.url}`;
      s.aborted && ab();
      return next(new Request(r, { signal: ac.signal, body: c.body }))
        .catch((e) => {
          throw s.aborted
            ? new AbortError("Aborted" + what)
            : ac.signal.aborted
              ? new TimeoutError(`Timed out after ${ms}ms${what}`)
              : e instanceof CrmkitError
                ? e
                : new ConnectionError(`Connection failed (${e?.cause?.code ?? e?.name})${what}`, { cause: e });
        })
        .finally(() => (clearTimeout(tm), off()));
    },
    // errorMapping: buffer the body (inside the timeout); map error statuses and 2xx error bodies to ApiError
    async (req, c, next) => {
      const r = await next(req),
        b = await r.arrayBuffer(),
        t = decoder.decode(b),
        s = r.status;
      let body: unknown = t,
        bad: unknown;
      try {
        body = JSON.parse(t);
      } catch {
        bad = r.ok && t && /json/.test(r.headers.get("content-type")!);
      }
      const p = (bad || !r.ok || def.isErrorBody?.(body)) && def.parseError(body, s),
        sec = p ? secretsOf(req) : [],
        e =
          p &&
          createApiError({
            vendor: def.vendor,
            status: s,
            code: bad ? "INVALID_JSON" : p.code,
            message: scrub(`${p.message || "HTTP " + s}`, sec),
            details: scrub(p.details ?? body, sec),
            requestId: requestId(r.headers),
            correlationId: req.headers.get("x-correlation-id") ?? undefined,
            retryable: RETRY_STATUSES.includes(s),
            operationId: c.op?.operationId,
          }),
        res = new Response(b.byteLength ? b : null, r);
      // `ok: false` makes openapi-fetch put a 2xx error body into `error`; `url` is kept for the caller.
      Object.defineProperties(res, { url: { value: r.url }, ok: { value: !e } });
      e && responseErrors.set(res, e);
      return res;
    },
    // logging: one line per attempt
    async (r, c, next) => {
      const t0 = Date.now(),
        w = `${r.method} ${c.url} attempt=${c.attempt} `;
      try {
        const res = await next(r);
        log(res.ok ? 3 : 2, w + `${res.status} ${Date.now() - t0}ms id=${requestId(res.headers) ?? "-"}`);
        return res;
      } catch (e) {
        log(2, w + `failed ${Date.now() - t0}ms`);
        throw e;
      }
    },
  ];
  const stack: StackStep[] = handlers.map((handle, i) => ({ name: stackStepNames[i]!, handle })),
    run =
      (i: number, c: StackContext): Next =>
      (r) =>
        stack[i] ? stack[i].handle(r, c, run(i + 1, c)) : send(r).then((res) => ((c.respondedAt = Date.now()), res));

  const client = createClient<Paths>({
    baseUrl,
    headers: o.headers,
    fetch: async (r0) => {
      let p = new URL(r0.url).pathname;
      if (p.startsWith(basePath)) p = p.slice(basePath.length);
      const c: StackContext = {
        op: ops.find((x) => x[2].method.toUpperCase() == r0.method && x[1].test(p))?.[2],
        call: (r0 as { crmkit?: CallOptions }).crmkit ?? {},
        signal: r0.signal,
        url: redactUrl(r0.url),
        attempt: 0,
        body: r0.body && (await r0.arrayBuffer()),
      };
      // a copy, so caller middleware never sees the credentials the auth step sets
      return run(0, c)(new Request(r0, { body: c.body })).catch((e) => {
        throw c.signal.aborted ? new AbortError("Aborted") : e instanceof CrmkitError ? e : new ConnectionError(e?.name, { cause: e });
      });
    },
  });
  if (o.middleware) client.use(...o.middleware);
  return client;
}

type Result = { data?: unknown; error?: unknown; response: Response };

/**
 * Throwing style: resolve to the success body, or throw the typed error (ApiError subclass) the stack mapped for the
 * response. Transport failures are already thrown by the call itself (ConnectionError / TimeoutError / AbortError).
 */
export async function unwrap<R extends Result>(result: R | Promise<R>): Promise<NonNullable<R["data"]>> {
  const { data, error, response } = await result;
  if (!response.ok)
    throw responseErrors.get(response) ?? createApiError({ status: response.status, message: "HTTP " + response.status, details: error } as ApiErrorInit);
  return data as NonNullable<R["data"]>;
}
