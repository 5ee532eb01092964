import { createHash, timingSafeEqual } from "node:crypto";

const digest = (value: string | Uint8Array) => createHash("sha256").update(value).digest();

/**
 * Compares two secrets in constant time. Both sides are hashed first, so neither the content nor the length of the
 * expected value leaks through timing (`timingSafeEqual` alone throws on, and so reveals, a length mismatch).
 */
export function constantTimeEqual(a: string | Uint8Array, b: string | Uint8Array): boolean {
  return timingSafeEqual(digest(a), digest(b));
}
