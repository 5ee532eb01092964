import type { Log } from "../log.js";
import { requestIdOf } from "../request-id.js";
import type { StepHandler } from "../stack.js";
import type { VendorDefinition } from "../types.js";

/** One line per attempt: method, redacted URL, attempt, status, duration, request id. Never bodies. Logging off: no step. */
export const loggingStep = (
  log: Log | undefined,
  definition: VendorDefinition,
  redact: (url: string) => string,
): StepHandler<"logging"> | undefined =>
  log &&
  (async (request, context, next) => {
    const startedAt = Date.now();
    const prefix = `${request.method} ${redact(request.url)} attempt=${context.attempt} `;
    try {
      const response = await next(request, context);
      const requestId = requestIdOf(definition, response.headers) ?? "-";
      log(response.ok ? "info" : "warn", prefix + `${response.status} ${Date.now() - startedAt}ms id=${requestId}`);
      return response;
    } catch (error) {
      log("warn", prefix + `failed ${Date.now() - startedAt}ms`);
      throw error;
    }
  });
