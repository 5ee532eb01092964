import type { Auth } from "./types.js";

/**
 * Non-cryptographic 64-bit hash (two 32-bit multiplicative accumulators), base 36. Used only as an in-process key for
 * sharing a rate limiter between clients with the same credentials: the secret itself is never kept as a key or logged.
 */
export const identityHash = (s: string): string => {
  let a = 7,
    b = 0;
  for (const c of s) (a = Math.imul(a ^ c.charCodeAt(0), 0x1000193)), (b = Math.imul(b ^ a, 0x5bd1e995) + 1);
  return (a >>> 0).toString(36) + (b >>> 0).toString(36);
};

/** `Authorization: Bearer <token>` (HighLevel private integration tokens, any static token). */
export const bearerAuth = (token: string): Auth => ({
  identity: identityHash(token),
  apply: (h) => h.set("Authorization", "Bearer " + token),
});

/** Static header keys, e.g. `headerAuth({ "x-LSQ-AccessKey": ak, "x-LSQ-SecretKey": sk })` or `{ api_access_token }`. */
export const headerAuth = (headers: Record<string, string>): Auth => ({
  identity: identityHash(JSON.stringify(headers)),
  apply: (h) => {
    for (const k in headers) h.set(k, headers[k]!);
  },
});
