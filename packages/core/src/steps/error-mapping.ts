import { type ApiError, createApiError, responseErrors } from "../errors.js";
import { scrub, secretsOf } from "../redact.js";
import { requestIdOf } from "../request-id.js";
import type { StepHandler } from "../stack.js";
import type { VendorDefinition } from "../types.js";
import { RETRY_STATUSES } from "./retry-policy.js";

const decoder = new TextDecoder();

/**
 * Buffers the response body (inside the timeout step, so a slow body times out) and maps error statuses, vendor
 * "errors inside a 2xx" and 2xx bodies that claim JSON but do not parse to a typed ApiError.
 */
export const errorMappingStep =
  (definition: VendorDefinition): StepHandler<"errorMapping"> =>
  async (request, context, next) => {
    const response = await next(request);
    const bytes = await response.arrayBuffer();
    const text = decoder.decode(bytes);
    const status = response.status;
    let body: unknown = text;
    let invalidJson = false;
    try {
      body = JSON.parse(text);
    } catch {
      invalidJson = response.ok && text !== "" && /json/.test(response.headers.get("content-type") ?? "");
    }

    const failed = invalidJson || !response.ok || definition.isErrorBody?.(body);
    const vendorError = failed ? definition.parseError(body, status) : undefined;
    let apiError: ApiError | undefined;
    if (vendorError) {
      const secrets = secretsOf(request);
      apiError = createApiError({
        vendor: definition.vendor,
        status,
        code: invalidJson ? "INVALID_JSON" : vendorError.code,
        message: scrub(`${vendorError.message || "HTTP " + status}`, secrets),
        details: scrub(vendorError.details ?? body, secrets),
        requestId: requestIdOf(definition, response.headers),
        correlationId: request.headers.get("x-correlation-id") ?? undefined,
        retryable: RETRY_STATUSES.includes(status),
        operationId: context.op?.operationId,
      });
    }

    const mapped = new Response(bytes.byteLength ? bytes : null, response);
    // `ok: false` makes openapi-fetch put a 2xx error body into `error`; `url` is kept for the caller.
    Object.defineProperties(mapped, { url: { value: response.url }, ok: { value: !apiError } });
    if (apiError) responseErrors.set(mapped, apiError);
    return mapped;
  };
