import { onAbort } from "../abort.js";
import { DEFAULT_TIMEOUT_MS } from "../defaults.js";
import { AbortError, ConnectionError, CrmkitError, TimeoutError } from "../errors.js";
import type { StepHandler } from "../stack.js";
import type { CrmkitClientOptions } from "../types.js";

/**
 * Per-attempt timeout covering headers and body, combined with the caller's signal. Maps every transport failure to
 * AbortError (the caller's signal), TimeoutError or ConnectionError.
 */
export const timeoutStep =
  (options: CrmkitClientOptions): StepHandler<"timeout"> =>
  (request, context, next) => {
    const timeoutMs = context.call.timeout ?? options.timeout ?? DEFAULT_TIMEOUT_MS;
    const callerSignal = context.signal;
    const attemptController = new AbortController();
    const abortAttempt = () => attemptController.abort();
    const stopListening = onAbort(callerSignal, abortAttempt);
    // 0 or Infinity: no timeout (nor for delays setTimeout cannot take: from 2^31 ms on, it would fire at once)
    const timer = timeoutMs > 0 && timeoutMs < 2 ** 31 ? setTimeout(abortAttempt, timeoutMs) : undefined;
    const target = `: ${request.method} ${context.url}`;
    if (callerSignal.aborted) abortAttempt();

    return next(new Request(request, { signal: attemptController.signal, body: context.body }))
      .catch((error) => {
        if (callerSignal.aborted) throw new AbortError("Aborted" + target);
        if (attemptController.signal.aborted) throw new TimeoutError(`Timed out after ${timeoutMs}ms${target}`);
        if (error instanceof CrmkitError) throw error;
        const reason = error?.cause?.code ?? error?.name;
        throw new ConnectionError(`Connection failed (${reason})${target}`, { cause: error });
      })
      .finally(() => {
        clearTimeout(timer);
        stopListening();
      });
  };
