import type { StepHandler } from "../stack.js";

/** The matched operation's required headers (from the contract, e.g. an API `Version`), unless the caller set them. */
export const vendorHeadersStep: StepHandler<"vendorHeaders"> = (request, context, next) => {
  const operationHeaders = context.op?.headers;
  for (const name in operationHeaders) {
    if (!request.headers.has(name)) request.headers.set(name, operationHeaders[name]!);
  }
  return next(request, context);
};
