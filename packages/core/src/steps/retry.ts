import { sleep } from "../abort.js";
import { DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_DELAY_MS } from "../defaults.js";
import { TimeoutError } from "../errors.js";
import type { Log } from "../log.js";
import type { StepHandler } from "../stack.js";
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
  return async (request, context, next) => {
    const method = request.method;
    const operation = context.op;
    const maxRetries = context.call.maxRetries ?? options.maxRetries ?? DEFAULT_MAX_RETRIES;
    let retries = 0;
    let authRefreshed = false;
    let delayMs = 0;
    let reason = "initial";
    for (;;) {
      context.attempt++;
      options.onAttempt?.({
        attempt: context.attempt,
        delayMs,
        reason,
        operationId: operation?.operationId,
        method,
        url: redact(request.url),
      });
      let response: Response | undefined;
      let failure: AttemptFailure | undefined;
      try {
        response = await next(request); // attempts after the first send a copy (see the timeout step)
      } catch (error) {
        failure = error as AttemptFailure;
      }
      const status = response?.status ?? 0;

      // 401: refresh once (single flight in the provider, which also sees the token that failed) and retry
      if (status == 401 && !authRefreshed) {
        authRefreshed = !!(await auth.refresh?.(request.headers));
        if (authRefreshed) {
          await auth.apply(request.headers);
          reason = "auth";
          delayMs = 0;
          continue;
        }
      }
      if (!failure && status < 400) {
        if (budget) budgetTokens = Math.min(budget.capacity, budgetTokens + 1);
        return response!;
      }

      const serverDelayMs = response ? serverDelay(response.headers, Date.now(), definition.serverDelay) : NaN;
      const retryable = failure ? failure.retryable : RETRY_STATUSES.includes(status);
      const retryCost = budget ? (failure instanceof TimeoutError ? budget.timeoutCost : budget.retryCost) : 0;
      const giveUp =
        !isRetrySafe(method, operation, context.body) ||
        retries >= maxRetries ||
        !retryable ||
        // the server wants a longer pause than we may sleep: fail now
        serverDelayMs > (options.maxRetryDelay ?? DEFAULT_MAX_RETRY_DELAY_MS) ||
        // retry budget exhausted: don't hammer an outage
        budgetTokens < retryCost;
      if (giveUp) {
        if (failure) throw failure;
        return response!;
      }

      budgetTokens -= retryCost;
      delayMs = retryDelayMs(serverDelayMs, retries, testHooks.random ?? Math.random);
      retries++;
      reason = failure ? failure.name : String(status);
      log?.(
        "info",
        `retry ${method} ${redact(request.url)} attempt=${context.attempt + 1} in ${delayMs}ms (${reason})`,
      );
      await (testHooks.sleep ?? sleep)(delayMs, context.signal);
    }
  };
};
