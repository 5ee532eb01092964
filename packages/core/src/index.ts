export type {
  AttemptEvent,
  Auth,
  CallOptions,
  CrmkitClientOptions,
  LogLevel,
  Logger,
  OperationMeta,
  RateLimitConfig,
  RateLimiter,
  VendorDefinition,
  VendorName,
} from "./types.js";
export {
  AbortError,
  ApiError,
  type ApiErrorInit,
  BadRequestError,
  ConflictError,
  ConnectionError,
  CrmkitError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  UnprocessableError,
  ValidationError,
  createApiError,
} from "./errors.js";
export { isSecretName, redactUrl } from "./redact.js";
export { requireOption } from "./options.js";
export { createRateLimiter } from "./limiter.js";
export { bearerAuth, headerAuth, identityHash } from "./auth.js";
export { type StackContext, type StackStep, type StackStepName, stackStepNames } from "./stack.js";
export { RETRY_STATUSES, serverDelay } from "./steps/retry-policy.js";
export { createVendorClient } from "./client.js";
export type { CrmkitClient, CrmkitResponse } from "./client-types.js";
export { unwrap } from "./unwrap.js";
export {
  type ClientCredentialsOptions,
  type RefreshTokenOptions,
  type TokenResponse,
  clientCredentialsAuth,
  refreshTokenAuth,
} from "./oauth.js";
export { type PageParams, type PaginateOptions, type PaginationEnd, type PaginationMeta, PaginationError, paginate, readPointer, withPage } from "./pagination.js";
