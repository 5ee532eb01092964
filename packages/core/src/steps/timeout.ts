import { onAbort } from "../abort.js";
import { DEFAULT_TIMEOUT_MS } from "../defaults.js";
import { AbortError, TimeoutError, transportError } from "../errors.js";
import type { StepHandler } from "../stack.js";
import type { CrmkitClientOptions } from "../types.js";

/**
 * Per-attempt timeout, combined with the caller's signal. Maps every transport failure to AbortError (the caller's
 * signal), TimeoutError or ConnectionError. The timeout and the caller's abort fail the attempt at once, also when the
 * transport does not honour the attempt's signal.
 */
export const timeoutStep =
  (options: CrmkitClientOptions, redact: (url: string) => string): StepHandler<"timeout"> =>
  (request, context, next) =>
    new Promise((resolve, reject) => {
      const timeoutMs = context.call.timeout ?? options.timeout ?? DEFAULT_TIMEOUT_MS;
      const callerSignal = context.signal;
      const attemptController = (context.attemptController = new AbortController());
      // A sent request cannot be sent again, nor its signal changed: attempts after the first send a copy.
      if (context.attempt > 1) request = new Request(request, { signal: attemptController.signal, body: context.body });
      const target = () => `: ${request.method} ${redact(request.url)}`;
      let timedOut = false;
      const settle = (response?: Response, error?: Error) => {
        clearTimeout(timer);
        stopListening();
        if (error) reject(error);
        else resolve(response!);
      };
      const abortAttempt = () => {
        const failure = timedOut
          ? new TimeoutError(`Timed out after ${timeoutMs}ms${target()}`)
          : new AbortError("Aborted" + target());
        settle(undefined, failure);
        attemptController.abort();
      };
      const stopListening = onAbort(callerSignal, abortAttempt);
      // 0 or Infinity: no timeout (nor for delays setTimeout cannot take: from 2^31 ms on, it would fire at once)
      const timer =
        timeoutMs > 0 && timeoutMs < 2 ** 31
          ? setTimeout(() => {
              timedOut = true;
              abortAttempt();
            }, timeoutMs)
          : undefined;
      if (callerSignal?.aborted) return abortAttempt();

      next(request).then(settle, (error) => {
        if (callerSignal?.aborted || timedOut) return abortAttempt();
        settle(undefined, transportError(error, undefined, target()));
      });
    });
