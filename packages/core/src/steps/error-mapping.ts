import { vendorApiError } from "../response-error.js";
import type { StackContext, StepHandler } from "../stack.js";
import type { VendorDefinition } from "../types.js";

/**
 * Reads and judges every answer inside the timeout step (a stalled body times out) and the in-flight slot: the body
 * becomes `context.data` (parsed as the call's `parseAs` asks), or a typed ApiError on `context.error` for an error
 * status, a vendor's error inside a 2xx (`isErrorBody`) or a 2xx whose JSON does not parse (`INVALID_JSON`). Only a
 * 2xx the caller reads as a stream passes unread.
 */
export const errorMappingStep =
  (definition: VendorDefinition): StepHandler<"errorMapping"> =>
  (request, context, next) =>
    next(request, context).then((response) => {
      context.respondedAt = Date.now();
      context.sent = request;
      context.response = response;
      context.error = context.raw = context.data = undefined;
      const parseAs = context.parseAs;
      if (response.ok && parseAs == "stream") return response;
      if (response.ok && (parseAs == "blob" || parseAs == "arrayBuffer")) {
        return response[parseAs]().then((data) => ((context.data = context.raw = data), response));
      }
      return response.text().then((text) => (judge(definition, request, context, response, text), response));
    });

/** The body text of an answer becomes the call's data or its typed error. */
const judge = (definition: VendorDefinition, request: Request, context: StackContext, response: Response, text: string) => {
  const { ok, status } = response;
  const parseAs = context.parseAs;
  context.raw = text;
  let body: unknown = text;
  let invalidJson = false;
  if (text && (!ok || parseAs == "json" || definition.isErrorBody)) {
    try {
      body = JSON.parse(text);
    } catch {
      invalidJson = ok && parseAs == "json";
    }
  }
  if (!ok || invalidJson || definition.isErrorBody?.(body)) {
    context.error = vendorApiError(definition, {
      status,
      headers: response.headers,
      body,
      invalidJson,
      sent: request,
      operationId: context.op?.operationId,
    });
  } else context.data = parseAs == "json" ? (text ? body : undefined) : text;
};
