import createClient from "openapi-fetch";
import type { CrmkitClient } from "./client-types.js";
import { transportError } from "./errors.js";
import { sharedRateLimiter } from "./limiter.js";
import { createLog } from "./log.js";
import { createOperationMatcher } from "./operations.js";
import { redactUrl } from "./redact.js";
import { StackRequest } from "./request.js";
import { vendorApiError } from "./response-error.js";
import { type StackContext, type StackHandlers, composeStack } from "./stack.js";
import { authStep } from "./steps/auth.js";
import { errorMappingStep } from "./steps/error-mapping.js";
import { loggingStep } from "./steps/logging.js";
import { rateLimitStep } from "./steps/rate-limit.js";
import { type TestHooks, retryStep } from "./steps/retry.js";
import { timeoutStep } from "./steps/timeout.js";
import { vendorHeadersStep } from "./steps/vendor-headers.js";
import type { Auth, CallOptions, CrmkitClientOptions, VendorDefinition } from "./types.js";

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

type FetchResult = { data?: unknown; error?: unknown; response: Response };
type CallInit = { crmkit?: CallOptions; signal?: AbortSignal | null; fetch?: unknown } | undefined;

/**
 * Create an openapi-fetch client whose calls go through the crmkit stack for `definition`. Results keep openapi-fetch's
 * `{ data, error, response }` shape; `error` is always a typed ApiError when the vendor answered with a failure (any
 * non-2xx, an empty body included, or a vendor "error inside a 2xx"), and `unwrap()` throws it.
 */
export function createVendorClient<Paths extends {}>(
  definition: VendorDefinition,
  auth: Auth,
  options: CrmkitClientOptions = {},
): CrmkitClient<Paths> {
  const testHooks: TestHooks = (options as { _t?: TestHooks })._t ?? {};
  const customFetch = options.fetch;
  const baseUrl = options.baseUrl ?? definition.baseUrl;
  const findOperation = createOperationMatcher(definition.operations, baseUrl);
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
  // The global fetch copies the request anyway: it takes the attempt's signal as `init.signal`. A custom fetch is given
  // the request alone: on the first attempt, the request openapi-fetch made, whose signal is the caller's (the timeout
  // step fails the attempt on time); later attempts are copies carrying their own signal (see the timeout step).
  const startCall = composeStack(handlers, (request, context) =>
    customFetch ? customFetch(request) : fetch(request, { signal: context.attemptController!.signal }),
  );

  /** One call through the stack: `callerRequest` is what openapi-fetch (and the caller's middleware) made. */
  const send = async (callerRequest: Request, context: StackContext): Promise<Response> => {
    let init: RequestInit | undefined = (callerRequest as StackRequest).init;
    // attempts after the first re-send the body: the string openapi-fetch serialized, else a buffered copy (then the
    // request itself is spent, and the stack sends copies only)
    let body = init?.body;
    if (typeof body != "string" && callerRequest.body) {
      body = await callerRequest.arrayBuffer();
      init = undefined;
    }
    context.op = findOperation(callerRequest.method, callerRequest.url);
    context.signal = (init ?? callerRequest).signal ?? undefined;
    context.body = body as string | ArrayBuffer | undefined;
    // The stack sends openapi-fetch's request itself when nobody else sees it (see `callerMiddleware`).
    const request = init && !callerMiddleware ? callerRequest : new Request(callerRequest, { body });
    try {
      return await startCall(context)(request);
    } catch (error) {
      throw transportError(error, context.signal);
    }
  };

  // Caller middleware sees the request openapi-fetch made (onRequest, onResponse, onError): once there is any, the
  // stack works on a copy, so that caller middleware never sees the credentials.
  let callerMiddleware = false;
  const client = createClient<Paths>({ baseUrl, headers: options.headers, Request: StackRequest });

  /** Every method goes through here: the call's own fetch carries its context, and the result gets its typed error. */
  const call = async (method: (path: unknown, init: unknown) => Promise<FetchResult>, path: unknown, init: CallInit) => {
    const context: StackContext = { op: undefined, call: init?.crmkit ?? {}, signal: undefined, attempt: 0, body: undefined };
    let result: FetchResult;
    try {
      result = await method(path, { ...init, fetch: (request: Request) => send(request, context) });
    } catch (error) {
      // openapi-fetch could not parse a 2xx body the stack passed through: the vendor's answer, not a transport failure
      if (!(error instanceof SyntaxError) || !context.response) throw error;
      const { status, headers } = context.response;
      const failure = context.error ?? answerError({ status, headers, body: undefined, invalidJson: true }, context);
      return { error: failure, response: context.response };
    }
    // The caller gets the vendor's own response (its url included), not the stand-in the stack gave openapi-fetch.
    const response = result.response == context.readable ? context.response! : result.response;
    const error =
      (response == context.response && context.error) ||
      (!response.ok && answerError({ status: response.status, headers: response.headers, body: result.error }, context));
    return error ? { error, response } : response == result.response ? result : { ...result, response };
  };
  const answerError = (answer: { status: number; headers: Headers; body: unknown; invalidJson?: boolean }, context: StackContext) =>
    vendorApiError(definition, { ...answer, sent: context.sent, operationId: context.op?.operationId });

  const wrapped = client as unknown as Record<string, unknown>;
  for (const name of METHODS) {
    const method = client[name] as never;
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
