import type { ApiError } from "./errors.js";
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

/** How the caller reads a 2xx body (openapi-fetch's `parseAs`). */
export type ParseAs = "json" | "text" | "blob" | "arrayBuffer" | "stream";

/** Per-call state shared by the steps. */
export interface StackContext {
  /** The operation matched by method + path template (undefined when none matches). */
  op: OperationMeta | undefined;
  /** Per-call options (`{ crmkit: {...} }` in the openapi-fetch call). */
  call: CallOptions;
  /** The caller's signal, if any (never handed to a Request: see the timeout step). */
  signal: AbortSignal | undefined;
  /** Current attempt, 1-based (set by the retry step). */
  attempt: number;
  /** The request body, kept to re-send it intact on attempts after the first (undefined without a body). */
  body: string | ArrayBuffer | undefined;
  parseAs: ParseAs;
  /** The default transport's controller of the current attempt (a custom `fetch` is stopped through the request). */
  controller?: AbortController | undefined;
  /** When the current attempt's response headers arrived (set by the error-mapping step, for the rate limiter). */
  respondedAt?: number;
  /** The request the last attempt sent (credentials included: never exposed, only read to scrub them from errors). */
  sent?: Request;
  /** The last attempt's response as the vendor sent it, and the typed error the error-mapping step made of it. */
  response?: Response;
  error?: ApiError | undefined;
  /** The last attempt's body as the error-mapping step read it (text, or what `parseAs` asked for), and its data. */
  raw?: string | ArrayBuffer | Blob | undefined;
  data?: unknown;
  /** What openapi-fetch got instead of `response` when caller middleware is there to read it: a copy over `raw`. */
  readable?: Response;
}

/** Sends a request through the rest of the stack (and finally the transport). */
export type Next = (request: Request, context: StackContext) => Promise<Response>;

/** One named step of the stack. */
export interface StackStep {
  name: StackStepName;
  handle(request: Request, context: StackContext, next: Next): Promise<Response>;
}

/**
 * A step's handler. `Name` exists for the type checker only: it lets `createVendorClient` check its list of handlers
 * against the order of `stackStepNames`.
 */
export type StepHandler<Name = StackStepName> = StackStep["handle"] & { readonly stepName?: Name };

type HandlersFor<Names extends readonly StackStepName[]> = { readonly [I in keyof Names]: StepHandler<Names[I]> | undefined };
/** One handler per step, in `stackStepNames` order; undefined for a step with nothing to do (logging off, no limiter). */
export type StackHandlers = HandlersFor<typeof stackStepNames>;

/** Chain the handlers (outermost first) in front of `transport`, once per client: a call only passes its context. */
export const composeStack = (handlers: StackHandlers, transport: Next): Next =>
  (handlers as readonly (StepHandler | undefined)[]).reduceRight<Next>(
    (next, handle) => (handle ? (request, context) => handle(request, context, next) : next),
    transport,
  );
