import { sleep } from "../abort.js";
import { DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_DELAY_MS } from "../defaults.js";
import { TimeoutError } from "../errors.js";
import type { Log } from "../log.js";
import type { Next, StackContext, StepHandler } from "../stack.js";
import type { Auth, CrmkitClientOptions, VendorDefinition } from "../types.js";
import { DEFAULT_RETRY_BUDGET, RETRY_STATUSES, isRetrySafe, retryDelayMs, serverDelay } from "./retry-policy.js";

/** Internal test hooks (`options._t`), not part of the public types. */
export interface TestHooks {
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  random?: () => number;
}

/** What a failed attempt throws: a CrmkitError from the timeout step (or an AbortError from the limiter). */
type AttemptFailure = Error & { retryable?: boolean };

/** Decides whether and when to send again; see README "Retries". */
export const retryStep = (
  auth: Auth,
  definition: VendorDefinition,
  options: CrmkitClientOptions,
  log: Log | undefined,
  redact: (url: string) => string,
  testHooks: TestHooks,
): StepHandler<"retry"> => {
  // A token bucket per client: retries spend tokens, successes refund one, and with too few tokens nothing is retried.
  const budget = options.retryBudget !== false && { ...DEFAULT_RETRY_BUDGET, ...options.retryBudget };
  let budgetTokens = budget ? budget.capacity : 0;

  const attempt = (request: Request, context: StackContext, next: Next, delayMs: number, reason: string) => {
    context.attempt++;
    options.onAttempt?.({
      attempt: context.attempt,
      delayMs,
      reason,
      operationId: context.op?.operationId,
      method: request.method,
      url: redact(request.url),
    });
    return next(request, context); // attempts after the first send a copy (see the timeout step)
  };

  const succeeded = (response: Response) => {
    if (budget) budgetTokens = Math.min(budget.capacity, budgetTokens + 1);
    return response;
  };

  /** After an attempt that did not succeed: retry (after a refresh, or a delay) until one does or the call gives up. */
  const retryAfter = async (
    request: Request,
    context: StackContext,
    next: Next,
    response: Response | undefined,
    failure: AttemptFailure | undefined,
  ): Promise<Response> => {
    const method = request.method;
    const maxRetries = context.call.maxRetries ?? options.maxRetries ?? DEFAULT_MAX_RETRIES;
    let retries = 0;
    let authRefreshed = false;
    for (;;) {
      const status = response?.status ?? 0;
      let delayMs = 0;
      let reason = "auth";
      // 401: refresh once (single flight in the provider, which also sees the token that failed) and retry
      if (status == 401 && !authRefreshed && (authRefreshed = !!(await auth.refresh?.(request.headers)))) {
        await auth.apply(request.headers);
      } else {
        if (!failure && status < 400) return succeeded(response!);
        const serverDelayMs = response ? serverDelay(response.headers, Date.now(), definition.serverDelay) : NaN;
        const retryable = failure ? failure.retryable : RETRY_STATUSES.includes(status);
        const retryCost = budget ? (failure instanceof TimeoutError ? budget.timeoutCost : budget.retryCost) : 0;
        // the cheap checks first: whether a POST is retry-safe may mean parsing its body
        const giveUp =
          !retryable ||
          retries >= maxRetries ||
          // retry budget exhausted: don't hammer an outage
          budgetTokens < retryCost ||
          // the server wants a longer pause than we may sleep: fail now
          serverDelayMs > (options.maxRetryDelay ?? DEFAULT_MAX_RETRY_DELAY_MS) ||
          !isRetrySafe(method, context.op, context.body);
        if (giveUp) {
          if (failure) throw failure;
          return response!;
        }
        budgetTokens -= retryCost;
        delayMs = retryDelayMs(serverDelayMs, retries, testHooks.random ?? Math.random);
        retries++;
        reason = failure ? failure.name : String(status);
        log?.("info", `retry ${method} ${redact(request.url)} attempt=${context.attempt + 1} in ${delayMs}ms (${reason})`);
        await (testHooks.sleep ?? sleep)(delayMs, context.signal);
      }
      try {
        response = await attempt(request, context, next, delayMs, reason);
        failure = undefined;
      } catch (error) {
        response = undefined;
        failure = error as AttemptFailure;
      }
    }
  };

  // The first attempt, and its success, take no loop: a call that succeeds at once costs one promise here.
  return (request, context, next) =>
    attempt(request, context, next, 0, "initial").then(
      (response) => (response.status < 400 ? succeeded(response) : retryAfter(request, context, next, response, undefined)),
      (failure) => retryAfter(request, context, next, undefined, failure),
    );
};
