import type { Auth } from "./types.js";

const FNV_PRIME_32 = 0x1000193;
const MURMUR2_MULTIPLIER = 0x5bd1e995;

/**
 * Non-cryptographic 64-bit hash (two 32-bit multiplicative accumulators), base 36. Used only as an in-process key for
 * sharing a rate limiter between clients with the same credentials: the secret itself is never kept as a key or logged.
 */
export const identityHash = (text: string): string => {
  let high = 7;
  let low = 0;
  for (const char of text) {
    high = Math.imul(high ^ char.charCodeAt(0), FNV_PRIME_32);
    low = Math.imul(low ^ high, MURMUR2_MULTIPLIER) + 1;
  }
  return (high >>> 0).toString(36) + (low >>> 0).toString(36);
};

/** `Authorization: Bearer <token>` (any static token). */
export const bearerAuth = (token: string): Auth => ({
  identity: identityHash(token),
  apply: (headers) => headers.set("Authorization", "Bearer " + token),
});

/** Static credential headers, e.g. `headerAuth({ "x-api-key": key })`. */
export const headerAuth = (headers: Record<string, string>): Auth => ({
  identity: identityHash(JSON.stringify(headers)),
  apply: (requestHeaders) => {
    for (const name in headers) requestHeaders.set(name, headers[name]!);
  },
});
