import { ValidationError } from "../errors.js";
import { constantTimeEqual } from "./compare.js";
import { WebhookVerificationError } from "./errors.js";
import type { ReplayStore } from "./replay-store.js";

/** The value of the `unverified` option that lets deliveries without anything to verify through. */
export const ACCEPT_UNVERIFIED_WEBHOOKS = "i-accept-unsigned-webhooks";
export type AcceptUnverifiedWebhooks = typeof ACCEPT_UNVERIFIED_WEBHOOKS;

/** How a returned delivery was authenticated; `none` only when the caller opted out with `unverified`. */
export type WebhookVerification = "rsa-sha256" | "ed25519" | "shared-secret" | "none";

/** A verified, parsed delivery. Vendor packages narrow `event` and `payload` to their contract's webhooks. */
export interface ReceivedWebhook<Vendor extends string = string, Event extends string = string, Payload = unknown> {
  vendor: Vendor;
  /** The vendor's event name, as keyed in the contract's `webhooks`. */
  event: Event;
  payload: Payload;
  /** The vendor's delivery id, when it sends one (the replay-protection key). */
  deliveryId: string | undefined;
  receivedAt: Date;
  verifiedBy: WebhookVerification;
}

/** Options every vendor's `parseWebhook` takes. */
export interface WebhookReceiveOptions {
  /** Largest body read, in bytes; a larger one is `malformed` (default 1 MiB). */
  maxBodyBytes?: number;
  /**
   * Set to `"i-accept-unsigned-webhooks"` to accept deliveries that carry nothing to verify (no signature, no
   * configured secret). A signature or secret that is present but wrong is refused all the same.
   */
  unverified?: AcceptUnverifiedWebhooks;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export function checkReceiveOptions(options: WebhookReceiveOptions | undefined, where: string): void {
  const max = options?.maxBodyBytes;
  if (max !== undefined && (!Number.isInteger(max) || max <= 0)) {
    throw new ValidationError("maxBodyBytes", "must be a positive integer", `${where}: option \`maxBodyBytes\` must be a positive integer`);
  }
  if (options?.unverified !== undefined && options.unverified !== ACCEPT_UNVERIFIED_WEBHOOKS) {
    const rule = `must be "${ACCEPT_UNVERIFIED_WEBHOOKS}" when given`;
    throw new ValidationError("unverified", rule, `${where}: option \`unverified\` ${rule}`);
  }
}

/** The exact bytes of the body, up to `maxBytes`; verification must see what the vendor signed, not a re-serialisation. */
export async function readRawBody(request: Request, maxBytes = DEFAULT_MAX_BODY_BYTES, vendor?: string): Promise<Uint8Array> {
  const fail = (message: string) => new WebhookVerificationError("malformed", message, vendor ? { vendor } : {});
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) throw fail(`body of ${declared} bytes exceeds the ${maxBytes}-byte limit`);
  if (request.bodyUsed) throw fail("the request body was already read; pass the untouched Request");
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw fail(`body exceeds the ${maxBytes}-byte limit`);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) body.set(chunk, offset), (offset += chunk.byteLength);
  return body;
}

/** The body as a JSON object (not an array, not a scalar), or `malformed`. */
export function parseJsonObject(body: Uint8Array, vendor?: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    throw new WebhookVerificationError("malformed", "body is not UTF-8 JSON", vendor ? { vendor } : {});
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new WebhookVerificationError("malformed", "body is not a JSON object", vendor ? { vendor } : {});
  }
  return value as Record<string, unknown>;
}

/**
 * Refuses a delivery sent more than `maxAgeMs` before (or, for a sender's clock running ahead, after) `now`.
 * `sentAt` is an ISO-8601 string or epoch milliseconds; anything else is `malformed`.
 */
export function checkFreshness(sentAt: unknown, maxAgeMs: number, now: number, field: string, vendor?: string): void {
  const at = typeof sentAt === "number" ? sentAt : typeof sentAt === "string" ? Date.parse(sentAt) : NaN;
  if (!Number.isFinite(at)) {
    throw new WebhookVerificationError("malformed", `\`${field}\` is missing or not a time, so freshness cannot be checked`, vendor ? { vendor } : {});
  }
  const age = now - at;
  if (Math.abs(age) > maxAgeMs) {
    const seconds = Math.round(Math.abs(age) / 1000);
    throw new WebhookVerificationError("stale", `sent ${seconds} s ${age >= 0 ? "ago" : "in the future"}; the limit is ${Math.round(maxAgeMs / 1000)} s`, vendor ? { vendor } : {});
  }
}

/** Claims `deliveryId` in `store` under `namespace`; a repeat is a `replay`. */
export async function claimDelivery(store: ReplayStore, namespace: string, deliveryId: string, ttlMs: number, vendor?: string): Promise<void> {
  if (!(await store.claim(`${namespace}:${deliveryId}`, ttlMs))) {
    throw new WebhookVerificationError("replay", `delivery ${JSON.stringify(deliveryId)} was already accepted`, { ...(vendor ? { vendor } : {}), deliveryId });
  }
}

/** Where a shared secret travels: a header the vendor sends, or a query parameter of the URL the vendor posts to. */
export interface SharedSecretOptions {
  secret: string;
  header?: string | undefined;
  queryParam?: string | undefined;
}

/** Compares the shared secret a delivery carries with the configured one, in constant time. */
export function checkSharedSecret(request: Request, { secret, header, queryParam }: SharedSecretOptions, vendor?: string): void {
  const fromHeader = header ? request.headers.get(header) : null;
  const fromQuery = fromHeader === null && queryParam ? new URL(request.url).searchParams.get(queryParam) : null;
  const received = fromHeader ?? fromQuery;
  const where = [header && `header ${header}`, queryParam && `query parameter ${queryParam}`].filter(Boolean).join(" or ");
  const details = vendor ? { vendor } : {};
  if (received === null) throw new WebhookVerificationError("signature", `no shared secret in ${where}`, details);
  if (!constantTimeEqual(received, secret)) throw new WebhookVerificationError("signature", `the shared secret in ${where} does not match`, details);
}

/** `url` with the shared secret (and any other crmkit parameters) added to its query, for vendors that cannot send headers. */
export function withQueryParams(url: string | URL, params: Record<string, string>): string {
  const result = new URL(url);
  for (const [name, value] of Object.entries(params)) result.searchParams.set(name, value);
  return result.toString();
}

/** A non-empty string option, or a ValidationError naming it. */
export function requireNonEmpty(value: unknown, field: string, where: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new ValidationError(field, "must be a non-empty string", `${where}: option \`${field}\` must be a non-empty string`);
  }
  return value;
}

/** `name` when it is one of `events`, else `unknown-event` (naming at most 80 characters of what was sent). */
export function knownEvent<E extends string>(name: unknown, events: readonly E[], source: string, vendor: string): E {
  if (typeof name === "string" && (events as readonly string[]).includes(name)) return name as E;
  const what = typeof name === "string" ? `event ${JSON.stringify(name.slice(0, 80))} is not in the ${vendor} contract` : `no event name in ${source}`;
  throw new WebhookVerificationError("unknown-event", what, { vendor });
}

/** A shared-secret receiver needs its secret, unless the caller opted out of verification by name. */
export function checkSecretOption(options: { secret?: string | undefined; unverified?: string | undefined }, where: string): void {
  if (options.secret !== undefined || options.unverified === undefined) requireNonEmpty(options.secret, "secret", where);
}
