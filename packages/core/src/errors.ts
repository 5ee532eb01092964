import type { VendorName } from "./types.js";

// `instanceof` works across duplicated copies of this package (the AWS SDK v3 approach): every crmkit error prototype
// carries the `Symbol.for("crmkit.error")` brand, each class its name in `static k`, and `x instanceof C` looks for a
// constructor named like C on x's branded prototype chain. A subclass made outside this package should set its own `k`
// (else it gets the ordinary, same-copy-only prototype check).
const B = Symbol.for("crmkit.error");

export class CrmkitError extends Error {
  static k = "CrmkitError";
  static [Symbol.hasInstance](x: unknown): boolean {
    // a subclass without its own `k` gets the ordinary prototype check
    if (!Object.hasOwn(this, "k")) return Function.prototype[Symbol.hasInstance].call(this, x);
    for (let p = (x as { [B]?: 1 } | null)?.[B] && x; (p = p && Object.getPrototypeOf(p)); )
      if ((p as { constructor: typeof CrmkitError }).constructor.k == this.k) return true;
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
(CrmkitError.prototype as unknown as Record<symbol, 1>)[B] = 1;

export interface ApiErrorInit {
  vendor: VendorName;
  status: number;
  /** The vendor's own error code (e.g. LeadSquared `ExceptionType`, One-Link `SLOT_CONFLICT`). */
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

const byStatus: Record<number, typeof ApiError> = {
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
  new (byStatus[init.status] ?? (init.status > 499 ? ServerError : ApiError))(init);

/** Responses → the ApiError the error-mapping step made for them (read by `unwrap`). */
export const responseErrors = new WeakMap<Response, ApiError>();

/** The ApiError mapped to a client result's `response`, if any. */
export const errorOf = (response: Response): ApiError | undefined => responseErrors.get(response);

// ---- redaction -------------------------------------------------------------------------------------------------

const Q = "accesskey|secretkey|api_access_token|access_token|refresh_token|client_secret";
/** Secret header and query parameter names (case-insensitive). */
const SECRET = RegExp(`^((x-lsq-)?(${Q})|(proxy-)?authorization|cookie|x-api-key)$`, "i");

/** `https://h/p?accessKey=AK&x=1` → `https://h/p?accessKey=***&x=1` (accessKey, secretKey, api_access_token, access_token, refresh_token, client_secret). */
export const redactUrl = (url: string): string => url.replace(RegExp(`([?&](${Q})=)[^&#]*`, "gi"), "$1***");

/** Secret values a request carries (credential headers, secret query values), to scrub from vendor-supplied text. */
export const secretsOf = (r: Request): string[] => {
  const s: string[] = [],
    f = (v: string, k: string) => SECRET.test(k) && s.push(v, v.split(" ").pop()!);
  r.headers.forEach(f);
  new URL(r.url).searchParams.forEach(f);
  return s.filter((v) => v.length > 5);
};

/** Replace every occurrence of the given secrets in a JSON-able value (a string included) by `***`. */
export const scrub = <T>(x: T, secrets: string[]): T =>
  x === undefined ? x : JSON.parse(secrets.reduce((a, v) => a.split(v).join("***"), JSON.stringify(x)));
