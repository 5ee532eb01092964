// Client option defaults (README "Options"). Kept in a module of plain constants so that bundlers inline them.

/** Per-attempt timeout (`timeout`). */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Retries after the first attempt (`maxRetries`). */
export const DEFAULT_MAX_RETRIES = 2;
/** Longest server-directed delay the client sleeps before a retry (`maxRetryDelay`). */
export const DEFAULT_MAX_RETRY_DELAY_MS = 60_000;
