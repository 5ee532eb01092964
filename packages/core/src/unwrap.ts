import { type ApiErrorInit, createApiError, responseErrors } from "./errors.js";

type Result = { data?: unknown; error?: unknown; response: Response };

/**
 * Throwing style: resolve to the success body, or throw the typed error (ApiError subclass) the stack mapped for the
 * response. Transport failures are already thrown by the call itself (ConnectionError / TimeoutError / AbortError).
 */
export async function unwrap<R extends Result>(result: R | Promise<R>): Promise<NonNullable<R["data"]>> {
  const { data, error, response } = await result;
  if (!response.ok) {
    // a response that did not come through the stack has no mapped error
    throw (
      responseErrors.get(response) ??
      createApiError({ status: response.status, message: "HTTP " + response.status, details: error } as ApiErrorInit)
    );
  }
  return data as NonNullable<R["data"]>;
}
