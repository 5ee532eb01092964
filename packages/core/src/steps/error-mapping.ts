import { vendorApiError } from "../response-error.js";
import type { StepHandler } from "../stack.js";
import type { VendorDefinition } from "../types.js";
import { decoder } from "./retry-policy.js";

/**
 * Turns failed answers into a typed ApiError on the call's context: error statuses, and for a vendor with errors
 * inside a 2xx (`isErrorBody`) those and 2xx bodies that claim JSON but do not parse. It reads the bodies it judges
 * inside the timeout step (a slow body times out) and hands openapi-fetch a response over the bytes it read; any other
 * 2xx goes to openapi-fetch untouched.
 */
export const errorMappingStep =
  (definition: VendorDefinition): StepHandler<"errorMapping"> =>
  async (request, context, next) => {
    const response = await next(request);
    context.respondedAt = Date.now();
    context.sent = request;
    context.response = response;
    context.error = context.readable = undefined;
    if (response.ok && !definition.isErrorBody) return response;
    const bytes = await response.arrayBuffer();
    const text = decoder.decode(bytes);
    let body: unknown = text;
    let invalidJson = false;
    try {
      body = JSON.parse(text);
    } catch {
      invalidJson = response.ok && text !== "" && /json/.test(response.headers.get("content-type") ?? "");
    }
    if (invalidJson || !response.ok || definition.isErrorBody?.(body)) {
      context.error = vendorApiError(definition, {
        status: response.status,
        headers: response.headers,
        body,
        invalidJson,
        sent: request,
        operationId: context.op?.operationId,
      });
    }
    return (context.readable = new Response(bytes.byteLength ? bytes : null, response));
  };
