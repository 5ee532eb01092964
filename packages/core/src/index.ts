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
  errorOf,
  redactUrl,
} from "./errors.js";
export { createRateLimiter } from "./limiter.js";
export { bearerAuth, headerAuth, identityHash } from "./auth.js";
export {
  RETRY_STATUSES,
  type StackContext,
  type StackStep,
  type StackStepName,
  createVendorClient,
  serverDelay,
  stackStepNames,
  unwrap,
} from "./client.js";
export {
  type LeadConnectorRefreshTokenOptions,
  type PexipClientCredentialsOptions,
  type TokenResponse,
  leadConnectorRefreshToken,
  pexipClientCredentials,
} from "./oauth.js";
