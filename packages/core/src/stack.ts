import type { CallOptions, OperationMeta } from "./types.js";

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

/** Sends a request through the rest of the stack (and finally the transport). */
export type Next = (request: Request) => Promise<Response>;

/** One named step of the stack. */
export interface StackStep {
  name: StackStepName;
  handle(request: Request, ctx: StackContext, next: Next): Promise<Response>;
}

/**
 * A step's handler. `Name` exists for the type checker only: it lets `createVendorClient` check its list of handlers
 * against the order of `stackStepNames`.
 */
export type StepHandler<Name = StackStepName> = StackStep["handle"] & { readonly stepName?: Name };

type HandlersFor<Names extends readonly StackStepName[]> = { readonly [I in keyof Names]: StepHandler<Names[I]> };
/** One handler per step, in `stackStepNames` order. */
export type StackHandlers = HandlersFor<typeof stackStepNames>;

export type Transport = (request: Request) => Promise<Response>;

/** Chain the handlers (outermost first) in front of `transport`; the result starts one call, given its context. */
export const composeStack =
  (handlers: StackHandlers, transport: Transport) =>
  (context: StackContext): Next => {
    const nextAfter =
      (index: number): Next =>
      (request) => {
        const handle: StepHandler | undefined = handlers[index];
        if (handle) return handle(request, context, nextAfter(index + 1));
        return transport(request).then((response) => {
          context.respondedAt = Date.now();
          return response;
        });
      };
    return nextAfter(0);
  };
