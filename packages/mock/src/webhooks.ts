// @crmkit/mock/webhooks: deliver a vendor's webhook events to a receiver under test, built from the contract's
// examples (or a payload of your own) and signed or authenticated the way that vendor does it, with test keys.
import { randomUUID, sign, createPrivateKey, type KeyObject } from "node:crypto";
import type { Vendor } from "./index.js";
import { webhookExample } from "./webhook-contract.js";
import { webhookTestKeys } from "./webhook-test-keys.js";

export { webhookTestKeys } from "./webhook-test-keys.js";
export { webhookEvents, webhookExample } from "./webhook-contract.js";

/** Bad `sendWebhook` input, reported before anything is sent. Never quotes keys or secrets. */
export class SendWebhookOptionsError extends TypeError {
  override name = "SendWebhookOptionsError";
  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super(`sendWebhook: ${field} ${rule}`);
  }
}

export interface SendWebhookOptions {
  /** The receiver's URL. */
  url: string;
  /**
   * The body to send (default: the contract's example for the event). HighLevel payloads without `timestamp` or
   * `webhookId` get a current one and a fresh one, so that every delivery passes the receiver's freshness and
   * replay checks; set them yourself to test those checks.
   */
  payload?: unknown;
  /**
   * HighLevel: sign with this private key (PEM or KeyObject; RSA signs `x-wh-signature`, Ed25519 `x-ghl-signature`)
   * instead of both test keys. Use it to test a receiver with a wrong key.
   */
  privateKey?: string | KeyObject;
  /**
   * LeadSquared and One-Link: the shared secret to send (default `webhookTestKeys.sharedSecret`), as the custom header
   * LeadSquared task webhooks carry or in the URL's query string otherwise.
   */
  secret?: string;
  /** Extra headers, e.g. to test a receiver with a missing or tampered signature. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface BuiltWebhook {
  url: string;
  method: "POST";
  headers: Record<string, string>;
  /** The exact bytes signed and sent. */
  body: string;
}

export interface SentWebhook extends BuiltWebhook {
  /** The receiver's answer. */
  status: number;
  responseBody: string;
}

// Names crmkit's receivers read by default (see each vendor package's webhooks module).
const SECRET_HEADER = "x-crmkit-webhook-secret";
const SECRET_QUERY_PARAM = "crmkit_webhook_secret";
const EVENT_HEADER = "x-crmkit-event";
const EVENT_QUERY_PARAM = "crmkit_event";

function privateKeyOf(key: string | KeyObject): KeyObject {
  try {
    const parsed = typeof key === "string" ? createPrivateKey(key) : key;
    if (parsed.type === "private" && (parsed.asymmetricKeyType === "rsa" || parsed.asymmetricKeyType === "ed25519")) return parsed;
  } catch {
    // reported below without the key
  }
  throw new SendWebhookOptionsError("privateKey", "must be an RSA or Ed25519 private key (PEM or KeyObject)");
}

function highLevelHeaders(body: string, privateKey: string | KeyObject | undefined): Record<string, string> {
  const keys = privateKey === undefined ? [createPrivateKey(webhookTestKeys.rsa.privateKey), createPrivateKey(webhookTestKeys.ed25519.privateKey)] : [privateKeyOf(privateKey)];
  const headers: Record<string, string> = {};
  for (const key of keys) {
    if (key.asymmetricKeyType === "rsa") headers["x-wh-signature"] = sign("sha256", Buffer.from(body), key).toString("base64");
    else headers["x-ghl-signature"] = sign(null, Buffer.from(body), key).toString("base64");
  }
  return headers;
}

function withQuery(url: string, params: Record<string, string>): string {
  const result = new URL(url);
  for (const [name, value] of Object.entries(params)) if (!result.searchParams.has(name)) result.searchParams.set(name, value);
  return result.toString();
}

/** Builds (without sending) the request a vendor would make for `event`. */
export function buildWebhook(vendor: Vendor, event: string, options: SendWebhookOptions): BuiltWebhook {
  try {
    new URL(options?.url);
  } catch {
    throw new SendWebhookOptionsError("url", "must be an absolute URL");
  }
  if (options.secret !== undefined && (typeof options.secret !== "string" || options.secret === "")) {
    throw new SendWebhookOptionsError("secret", "must be a non-empty string");
  }
  const example = webhookExample(vendor, event);
  let payload = options.payload === undefined ? example : options.payload;
  const secret = options.secret ?? webhookTestKeys.sharedSecret;
  let url = options.url;
  let headers: Record<string, string> = {};
  if (vendor === "leadconnector" && payload !== null && typeof payload === "object" && !Array.isArray(payload)) {
    // The example's id and time are fixed, and a delivery needs its own; a payload of yours keeps what it sets.
    const own = options.payload === undefined ? {} : (payload as Record<string, unknown>);
    payload = { ...payload, timestamp: own.timestamp ?? new Date().toISOString(), webhookId: own.webhookId ?? randomUUID() };
  }
  if (vendor !== "leadconnector" && options.privateKey !== undefined) {
    throw new SendWebhookOptionsError("privateKey", `is for HighLevel; ${vendor} does not sign webhooks (use secret)`);
  }
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  if (vendor === "leadconnector") headers = highLevelHeaders(body, options.privateKey);
  else if (vendor === "leadsquared" && event !== "BulkUpdateAppointmentTimeStatus") headers = { [SECRET_HEADER]: secret, [EVENT_HEADER]: event };
  else if (vendor === "leadsquared") url = withQuery(url, { [EVENT_QUERY_PARAM]: event, [SECRET_QUERY_PARAM]: secret });
  else url = withQuery(url, { [SECRET_QUERY_PARAM]: secret });
  return { url, method: "POST", headers: { "content-type": "application/json", ...headers, ...options.headers }, body };
}

/**
 * Delivers `event` to `options.url` like the vendor would: the contract's example (or `payload`), signed with the
 * test keys (HighLevel) or carrying the test shared secret (LeadSquared, One-Link). Resolves with what was sent and
 * the receiver's status; a receiver that cannot be reached rejects.
 */
export async function sendWebhook(vendor: Vendor, event: string, options: SendWebhookOptions): Promise<SentWebhook> {
  const built = buildWebhook(vendor, event, options);
  const response = await fetch(built.url, { method: built.method, headers: built.headers, body: built.body, ...(options.signal ? { signal: options.signal } : {}) });
  return { ...built, status: response.status, responseBody: await response.text() };
}

