import { type KeyObject, createPublicKey, verify } from "node:crypto";
import { ValidationError } from "../errors.js";

export type SignatureAlgorithm = "rsa-sha256" | "ed25519";

const keyTypeOf: Record<SignatureAlgorithm, string> = { "rsa-sha256": "rsa", ed25519: "ed25519" };

/**
 * Reads a PEM (SPKI) public key, or checks a KeyObject, for `algorithm`. A bad key is the caller's configuration
 * error: a ValidationError naming the option, never quoting the key.
 */
export function publicKeyFor(key: string | KeyObject, algorithm: SignatureAlgorithm, option: string): KeyObject {
  let parsed: KeyObject;
  // createPublicKey also derives a public key from a private one; a private key in a receiver's configuration is a
  // mistake to flag, not to accept.
  if (typeof key === "string" && key.includes("PRIVATE KEY")) throw new ValidationError(option, `must be a PEM public key (${algorithm}), not a private key`);
  try {
    parsed = typeof key === "string" ? createPublicKey(key) : key;
  } catch {
    throw new ValidationError(option, `must be a PEM public key (${algorithm})`);
  }
  if (parsed.type !== "public" || parsed.asymmetricKeyType !== keyTypeOf[algorithm]) {
    throw new ValidationError(option, `must be a PEM public key (${algorithm})`);
  }
  return parsed;
}

/** Base64 (standard or URL-safe), or hex when the value can only be hex. Garbage decodes to bytes that fail to verify. */
function decodeSignature(signature: string, expectedBytes?: number): Buffer {
  const trimmed = signature.trim();
  if (expectedBytes !== undefined && trimmed.length === expectedBytes * 2 && /^[0-9a-f]+$/i.test(trimmed)) {
    return Buffer.from(trimmed, "hex");
  }
  return Buffer.from(trimmed, "base64");
}

/**
 * Whether `signature` signs exactly `body` with `publicKey`. RSA: PKCS#1 v1.5 over SHA-256, base64. Ed25519: the
 * 64-byte signature in base64 (or hex, which some sources show).
 */
export function verifySignature(algorithm: SignatureAlgorithm, body: Uint8Array, signature: string, publicKey: KeyObject): boolean {
  try {
    if (algorithm === "ed25519") {
      const bytes = decodeSignature(signature, 64);
      return bytes.length === 64 && verify(null, body, publicKey, bytes);
    }
    return verify("sha256", body, publicKey, decodeSignature(signature));
  } catch {
    return false;
  }
}
