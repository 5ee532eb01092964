import { CrmkitError, createApiError } from "./errors.js";

type Result = { data?: unknown; error?: unknown; response: Response };

/**
 * Throwing style: resolve to the success body, or throw the typed error (an ApiError subclass) the client put in
 * `error`. A plain openapi-fetch result (no crmkit stack) gets an ApiError made from its status and error body.
 * Transport failures are already thrown by the call itself (ConnectionError / TimeoutError / AbortError).
 */
export async function unwrap<R extends Result>(result: R | Promise<R>): Promise<NonNullable<R["data"]>> {
  const { data, error, response } = await result;
  if (error instanceof CrmkitError) throw error;
  if (!response.ok || error !== undefined) {
    throw createApiError({ vendor: "unknown", status: response.status, message: "HTTP " + response.status, details: error, retryable: false });
  }
  return data as NonNullable<R["data"]>;
}
