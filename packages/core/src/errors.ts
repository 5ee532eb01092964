import type { VendorName } from "./types.js";

// `instanceof` works across duplicated copies of this package (the AWS SDK v3 approach): every crmkit error prototype
// carries the `Symbol.for("crmkit.error")` brand, each class its name in `static k`, and `x instanceof C` looks for a
// constructor named like C on x's branded prototype chain. A subclass made outside this package should set its own `k`
// (else it gets the ordinary, same-copy-only prototype check).
const CRMKIT_ERROR_BRAND = Symbol.for("crmkit.error");

type Branded = { [CRMKIT_ERROR_BRAND]?: 1 };

export class CrmkitError extends Error {
  static k = "CrmkitError";
  static [Symbol.hasInstance](value: unknown): boolean {
    if (!Object.hasOwn(this, "k")) return super[Symbol.hasInstance](value);
    if (!(value as Branded | null)?.[CRMKIT_ERROR_BRAND]) return false;
    for (let proto = Object.getPrototypeOf(value); proto; proto = Object.getPrototypeOf(proto))
      if ((proto as { constructor: typeof CrmkitError }).constructor.k == this.k) return true;
    return false;
  }
  override get name(): string {
    return (this.constructor as typeof CrmkitError).k;
  }
  /** Own fields only: never a Request, headers or secrets. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, ...(this as object) };
  }
}
(CrmkitError.prototype as Branded)[CRMKIT_ERROR_BRAND] = 1;

export interface ApiErrorInit {
  vendor: VendorName;
  status: number;
  /** The vendor's own error code, as its error body names it. */
  code?: string | undefined;
  message: string;
  details?: unknown;
  requestId?: string | undefined;
  correlationId?: string | undefined;
  retryable: boolean;
  operationId?: string | undefined;
}

/** An HTTP response the vendor marked as failed (non-2xx, or an error body inside a 2xx). */
export class ApiError extends CrmkitError {
  static override k = "ApiError";
  declare readonly vendor: VendorName;
  declare readonly status: number;
  declare readonly code?: string;
  declare readonly details?: unknown;
  declare readonly requestId?: string;
  declare readonly correlationId?: string;
  declare readonly retryable: boolean;
  declare readonly operationId?: string;
  /** The vendor's whole error body (parsed JSON or text), secrets scrubbed; not serialized. */
  declare readonly body?: unknown;
  constructor(init: ApiErrorInit) {
    super(init.message);
    Object.assign(this, init);
  }
}
export class BadRequestError extends ApiError { static override k = "BadRequestError"; }
export class UnauthorizedError extends ApiError { static override k = "UnauthorizedError"; }
export class ForbiddenError extends ApiError { static override k = "ForbiddenError"; }
export class NotFoundError extends ApiError { static override k = "NotFoundError"; }
export class ConflictError extends ApiError { static override k = "ConflictError"; }
export class UnprocessableError extends ApiError { static override k = "UnprocessableError"; }
export class RateLimitedError extends ApiError { static override k = "RateLimitedError"; }
export class ServerError extends ApiError { static override k = "ServerError"; }

/** The request never got a (complete) response: DNS, refused or reset connection, truncated body. Retryable. */
export class ConnectionError extends CrmkitError {
  static override k = "ConnectionError";
  readonly retryable: boolean = true;
}
/** The per-attempt timeout elapsed (headers and body). Retryable. */
export class TimeoutError extends ConnectionError { static override k = "TimeoutError"; }
/** The caller's AbortSignal fired. Never retried. */
export class AbortError extends CrmkitError {
  static override k = "AbortError";
  readonly retryable: boolean = false;
}
/** Bad input detected before any network call. */
export class ValidationError extends CrmkitError {
  static override k = "ValidationError";
  constructor(
    readonly field: string,
    readonly rule: string,
    message = `Invalid ${field}: ${rule}`,
  ) {
    super(message);
  }
}

const errorClassByStatus: Record<number, typeof ApiError> = {
  400: BadRequestError,
  401: UnauthorizedError,
  403: ForbiddenError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableError,
  429: RateLimitedError,
};

/** The ApiError subclass for a status: 400/401/403/404/409/422/429 → their class, 5xx → ServerError, else ApiError. */
export const createApiError = (init: ApiErrorInit): ApiError =>
  new (errorClassByStatus[init.status] ?? (init.status >= 500 ? ServerError : ApiError))(init);

/**
 * What a failure that came with no vendor answer becomes: a CrmkitError as it is, an abort of the caller's signal
 * AbortError, anything else (DNS, refused or reset connection, a throwing transport or auth provider) ConnectionError.
 */
export const transportError = (error: unknown, signal: AbortSignal | undefined, target = ""): CrmkitError => {
  if (signal?.aborted) return new AbortError("Aborted" + target);
  if (error instanceof CrmkitError) return error;
  const cause = error as { name?: string; cause?: { code?: string } } | undefined;
  return new ConnectionError(`Connection failed (${cause?.cause?.code ?? cause?.name})${target}`, { cause: error });
};
