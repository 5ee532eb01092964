import { ignore, onAbort } from "../abort.js";
import { createDeadlines } from "../deadlines.js";
import { DEFAULT_TIMEOUT_MS } from "../defaults.js";
import { AbortError, TimeoutError, transportError } from "../errors.js";
import type { StepHandler } from "../stack.js";
import type { CrmkitClientOptions } from "../types.js";

/**
 * Per-attempt timeout, combined with the caller's signal, over the headers and the body the error-mapping step reads.
 * Maps every transport failure to AbortError (the caller's signal), TimeoutError or ConnectionError. The timeout and the
 * caller's abort fail the attempt at once, also when the transport does not honour signals, and stop it on the wire:
 * the default transport through its attempt's controller, a custom `fetch` through an "abort" event on the request's own
 * signal. (Linking a controller into every Request instead costs undici a WeakRef, a FinalizationRegistry entry and a
 * listener per call, a fifth of a whole call through openapi-fetch; the event reaches everything that follows that signal:
 * undici's `fetch(request)` and any transport that passes `request.signal` on.)
 */
export const timeoutStep = (options: CrmkitClientOptions, redact: (url: string) => string): StepHandler<"timeout"> => {
  const deadline = createDeadlines();
  return (request, context, next) =>
    new Promise((resolve, reject) => {
      const timeoutMs = context.call.timeout ?? options.timeout ?? DEFAULT_TIMEOUT_MS;
      const callerSignal = context.signal;
      // A sent request cannot be sent again: attempts after the first send a copy, with the body re-sent intact.
      const sent = context.attempt > 1 ? new Request(request, { body: context.body }) : request;
      let settled = false;
      const settle = (response?: Response, error?: Error) => {
        if (settled) return;
        settled = true;
        stopClock();
        stopListening();
        if (error) reject(error);
        else resolve(response!);
      };
      // Called by the deadline with `true`, by the caller's signal with nothing.
      const abortAttempt = (timedOut?: true) => {
        if (settled) return;
        // The caller's own abort is reported as it is (`transportError` words it); only a timeout names the attempt.
        settle(undefined, timedOut ? new TimeoutError(`Timed out after ${timeoutMs}ms${attempted(sent, redact)}`) : new AbortError("Aborted"));
        context.controller?.abort();
        sent.signal.dispatchEvent(new Event("abort"));
      };
      const stopListening = onAbort(callerSignal, abortAttempt);
      // 0 or Infinity: no timeout (nor for delays setTimeout cannot take: from 2^31 ms on, it would fire at once)
      const stopClock = timeoutMs > 0 && timeoutMs < 2 ** 31 ? deadline(timeoutMs, abortAttempt) : ignore;
      context.controller = undefined;
      if (callerSignal?.aborted) return abortAttempt();
      next(sent, context).then(settle, (error) => settle(undefined, transportError(error, undefined, attempted(sent, redact))));
    });
};

/** ": PUT https://…" for a message, the URL redacted (built only when there is a message to write). */
const attempted = (request: Request, redact: (url: string) => string) => `: ${request.method} ${redact(request.url)}`;
