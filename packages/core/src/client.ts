import createClient from "openapi-fetch";
import type { CrmkitClient } from "./client-types.js";
import { transportError } from "./errors.js";
import { sharedRateLimiter } from "./limiter.js";
import { createLog } from "./log.js";
import { createOperationMatcher } from "./operations.js";
import { redactUrl } from "./redact.js";
import { StackRequest } from "./request.js";
import { vendorApiError } from "./response-error.js";
import { type Next, type ParseAs, type StackContext, type StackHandlers, composeStack } from "./stack.js";
import { authStep } from "./steps/auth.js";
import { errorMappingStep } from "./steps/error-mapping.js";
import { loggingStep } from "./steps/logging.js";
import { rateLimitStep } from "./steps/rate-limit.js";
import { type TestHooks, retryStep } from "./steps/retry.js";
import { timeoutStep } from "./steps/timeout.js";
import { vendorHeadersStep } from "./steps/vendor-headers.js";
import type { Auth, CallOptions, CrmkitClientOptions, VendorDefinition } from "./types.js";

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;
const NO_CALL_OPTIONS: CallOptions = {};

type FetchResult = { data?: unknown; error?: unknown; response: Response };
type CallInit = { crmkit?: CallOptions; signal?: AbortSignal | null; parseAs?: ParseAs } | undefined;
type Method = (path: unknown, init: unknown) => Promise<FetchResult>;

/**
 * Create an openapi-fetch client whose calls go through the crmkit stack for `definition`. Results keep openapi-fetch's
 * `{ data, error, response }` shape; `error` is always a typed ApiError when the vendor answered with a failure (any
 * non-2xx, an empty body included, a vendor "error inside a 2xx", or a 2xx whose JSON does not parse), and `unwrap()`
 * throws it.
 */
export function createVendorClient<Paths extends {}>(
  definition: VendorDefinition,
  auth: Auth,
  options: CrmkitClientOptions = {},
): CrmkitClient<Paths> {
  const testHooks: TestHooks = (options as { _t?: TestHooks })._t ?? {};
  const customFetch = options.fetch;
  const baseUrl = options.baseUrl ?? definition.baseUrl;
  const findOperation = createOperationMatcher(definition.operations);
  const limiter =
    options.rateLimiter ??
    (options.rateLimit !== false &&
      sharedRateLimiter(definition.vendor + ":" + auth.identity, { ...definition.rateLimit, ...options.rateLimit }));
  const log = createLog(options);
  const redact = (url: string) => redactUrl(url, definition.secretNames);
  auth.setFetch?.(customFetch ?? ((request) => fetch(request)));

  // The type checks this list against `stackStepNames` (see stack.ts for why the steps come in this order).
  const handlers: StackHandlers = [
    authStep(auth),
    vendorHeadersStep,
    retryStep(auth, definition, options, log, redact, testHooks),
    rateLimitStep(limiter),
    timeoutStep(options, redact),
    errorMappingStep(definition),
    loggingStep(log, definition, redact),
  ];
  // The global fetch copies the request anyway: it takes the attempt's signal as `init.signal`. A custom fetch gets the
  // request alone (see the timeout step for how an attempt is stopped on its wire).
  const transport: Next = customFetch
    ? (request) => customFetch(request)
    : (request, context) => fetch(request, { signal: (context.controller = new AbortController()).signal });
  const stack = composeStack(handlers, transport);

  // Caller middleware sees the request openapi-fetch made and the response openapi-fetch reads (onRequest, onResponse,
  // onError): once there is any, the stack works on a copy of the request, so that caller middleware never sees the
  // credentials, and hands back a readable copy of the answer. Without any, openapi-fetch's request is sent as it is,
  // and openapi-fetch gets an empty stand-in: the stack has read and judged the answer already (`call` returns it).
  let callerMiddleware = false;
  let standIn: Response | undefined;

  /** One call through the stack: `callerRequest` is what openapi-fetch (and the caller's middleware) made. */
  const send = (callerRequest: Request, context: StackContext, template: unknown): Promise<Response> => {
    const init: RequestInit | undefined = (callerRequest as StackRequest).init;
    // attempts after the first re-send the body: the string openapi-fetch serialized, else a buffered copy (then the
    // request itself is spent, and the stack sends copies only)
    const body = init?.body;
    // a request openapi-fetch made carries its init; one a caller middleware made is read from the request itself
    if (init ? body != null && typeof body != "string" : callerRequest.body) {
      return callerRequest.arrayBuffer().then((bytes) => sendThroughStack(callerRequest, context, template, undefined, bytes));
    }
    return sendThroughStack(callerRequest, context, template, init, body as string | undefined);
  };

  const sendThroughStack = (
    callerRequest: Request,
    context: StackContext,
    template: unknown,
    init: RequestInit | undefined,
    body: string | ArrayBuffer | undefined,
  ): Promise<Response> => {
    context.op = findOperation(callerRequest.method, template);
    context.body = body;
    const request = init && !callerMiddleware ? callerRequest : new Request(callerRequest, { body });
    return stack(request, context).then(
      (response) => {
        if (context.parseAs == "stream" && response.ok) return response;
        if (!callerMiddleware) return (standIn ??= new Response(null, { status: 204 }));
        return (context.readable = new Response(context.raw || null, response));
      },
      (error) => {
        throw transportError(error, context.signal);
      },
    );
  };

  const client = createClient<Paths>({ baseUrl, headers: options.headers, Request: StackRequest });

  /** Every method goes through here: the call's own fetch carries its context, and the result gets its typed error. */
  const call = (method: Method, path: unknown, init: CallInit): Promise<FetchResult> => {
    const context: StackContext = {
      op: undefined,
      call: init?.crmkit ?? NO_CALL_OPTIONS,
      // The caller's signal stays out of every Request: the timeout step follows it, with one listener per signal.
      signal: init?.signal ?? undefined,
      attempt: 0,
      body: undefined,
      parseAs: init?.parseAs ?? "json",
      // every field from the start: one object shape for every call
      controller: undefined,
      respondedAt: 0,
      sent: undefined,
      response: undefined,
      error: undefined,
      raw: undefined,
      data: undefined,
      readable: undefined,
    };
    return method(path, { ...init, signal: undefined, fetch: (request: Request) => send(request, context, path) }).then(
      (result) => {
        const response = result.response;
        // The caller gets the vendor's own response (its url included), not the stand-in or copy openapi-fetch got.
        if (response == standIn || response == context.readable) {
          const vendorResponse = context.response!;
          return context.error ? { error: context.error, response: vendorResponse } : { data: context.data, response: vendorResponse };
        }
        // a 2xx stream, or a response a caller middleware put in place of the vendor's
        if (response.ok) return result;
        return { error: answerError({ status: response.status, headers: response.headers, body: result.error }, context), response };
      },
      (error) => {
        // openapi-fetch could not parse a 2xx body (a caller middleware's): the vendor's answer, not a transport failure
        if (!(error instanceof SyntaxError) || !context.response) throw error;
        const { status, headers } = context.response;
        const failure = context.error ?? answerError({ status, headers, body: undefined, invalidJson: true }, context);
        return { error: failure, response: context.response };
      },
    );
  };
  const answerError = (answer: { status: number; headers: Headers; body: unknown; invalidJson?: boolean }, context: StackContext) =>
    vendorApiError(definition, { ...answer, sent: context.sent, operationId: context.op?.operationId });

  const wrapped = client as unknown as Record<string, unknown>;
  for (const name of METHODS) {
    const method = client[name] as unknown as Method;
    wrapped[name] = (path: unknown, init: CallInit) => call(method, path, init);
  }
  const request = client.request as (method: string, path: unknown, init: unknown) => Promise<FetchResult>;
  client.request = ((verb: string, path: unknown, init: CallInit) =>
    call((p, i) => request(verb, p, i), path, init)) as typeof client.request;
  const use = client.use;
  client.use = (...middleware) => {
    callerMiddleware = true;
    use(...middleware);
  };
  if (options.middleware) client.use(...options.middleware);
  return client as unknown as CrmkitClient<Paths>;
}
