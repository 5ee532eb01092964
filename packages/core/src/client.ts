import createClient, { type Client } from "openapi-fetch";
import { AbortError, ConnectionError, CrmkitError } from "./errors.js";
import { sharedRateLimiter } from "./limiter.js";
import { createLog } from "./log.js";
import { createOperationMatcher } from "./operations.js";
import { redactUrl } from "./redact.js";
import { type StackContext, type StackHandlers, composeStack } from "./stack.js";
import { authStep } from "./steps/auth.js";
import { errorMappingStep } from "./steps/error-mapping.js";
import { loggingStep } from "./steps/logging.js";
import { rateLimitStep } from "./steps/rate-limit.js";
import { type TestHooks, retryStep } from "./steps/retry.js";
import { timeoutStep } from "./steps/timeout.js";
import { vendorHeadersStep } from "./steps/vendor-headers.js";
import type { Auth, CallOptions, CrmkitClientOptions, VendorDefinition } from "./types.js";

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
  const testHooks: TestHooks = (options as { _t?: TestHooks })._t ?? {};
  const transport = options.fetch ?? ((request: Request) => fetch(request));
  const baseUrl = options.baseUrl ?? definition.baseUrl;
  const findOperation = createOperationMatcher(definition.operations, baseUrl);
  const limiter =
    options.rateLimiter ??
    (options.rateLimit !== false &&
      sharedRateLimiter(definition.vendor + ":" + auth.identity, { ...definition.rateLimit, ...options.rateLimit }));
  const log = createLog(options);
  auth.setFetch?.(transport);

  // The type checks this list against `stackStepNames` (see stack.ts for why the steps come in this order).
  const handlers: StackHandlers = [
    authStep(auth),
    vendorHeadersStep,
    retryStep(auth, options, log, testHooks),
    rateLimitStep(limiter),
    timeoutStep(options),
    errorMappingStep(definition),
    loggingStep(log, definition),
  ];
  const startCall = composeStack(handlers, transport);

  const client = createClient<Paths>({
    baseUrl,
    headers: options.headers,
    fetch: async (callerRequest) => {
      const context: StackContext = {
        op: findOperation(callerRequest.method, callerRequest.url),
        call: (callerRequest as { crmkit?: CallOptions }).crmkit ?? {},
        signal: callerRequest.signal,
        url: redactUrl(callerRequest.url),
        attempt: 0,
        body: callerRequest.body && (await callerRequest.arrayBuffer()),
      };
      // a copy, so caller middleware never sees the credentials the auth step sets
      return startCall(context)(new Request(callerRequest, { body: context.body })).catch((error) => {
        if (context.signal.aborted) throw new AbortError("Aborted");
        if (error instanceof CrmkitError) throw error;
        throw new ConnectionError(error?.name, { cause: error });
      });
    },
  });
  if (options.middleware) client.use(...options.middleware);
  return client;
}
