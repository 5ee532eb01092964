// Receiving HighLevel webhooks: `parseWebhook` verifies the raw bytes, checks freshness and replays, and returns the
// event typed from the contract's `webhooks` (specs/leadconnector/openapi.yaml).
import type { KeyObject } from "node:crypto";
import {
  type ConfiguredWebhookReceiver,
  type ReceivedWebhook,
  type ReplayStore,
  type WebhookReceiveOptions,
  type WebhookReceiver,
  type WebhookVerification,
  WebhookVerificationError,
  checkFreshness,
  checkReceiveOptions,
  claimDelivery,
  configureWebhookReceiver,
  createMemoryReplayStore,
  knownEvent,
  parseJsonObject,
  publicKeyFor,
  readRawBody,
  verifySignature,
} from "@crmkit/core/webhooks";
import { ValidationError } from "@crmkit/core";
import type { webhooks } from "./generated/openapi.js";
import { type LeadConnectorAppointmentEventName, leadConnectorAppointmentEvents, normalizeLeadConnectorWebhook } from "./webhook-appointments.js";

export * from "./webhook-appointments.js";

const VENDOR = "leadconnector";

/** Every event of the contract's `webhooks`, in the order the spec lists them. */
export const leadConnectorWebhookEvents = [
  "AppointmentCreate",
  "AppointmentUpdate",
  "AppointmentDelete",
  "OpportunityCreate",
  "OpportunityUpdate",
  "OpportunityDelete",
  "OpportunityStageUpdate",
  "OpportunityStatusUpdate",
  "OpportunityMonetaryValueUpdate",
  "OpportunityAssignedToUpdate",
] as const satisfies readonly (keyof webhooks)[];

export type LeadConnectorWebhookEventName = (typeof leadConnectorWebhookEvents)[number];

// Fails to compile when the spec gains a webhook this list lacks.
const listsEveryWebhook: [Exclude<keyof webhooks, LeadConnectorWebhookEventName>] extends [never] ? true : never = true;
void listsEveryWebhook;

/** The payload of one event, as the contract types it. */
export type LeadConnectorWebhookPayload<E extends LeadConnectorWebhookEventName> = NonNullable<
  webhooks[E]["post"]
>["requestBody"]["content"]["application/json"];

/** A verified HighLevel delivery; narrow on `event` to get its payload's type. */
export type LeadConnectorWebhookEvent = {
  [E in LeadConnectorWebhookEventName]: ReceivedWebhook<typeof VENDOR, E, LeadConnectorWebhookPayload<E>>;
}[LeadConnectorWebhookEventName];

/**
 * HighLevel's public key for `x-wh-signature`, as printed in its webhook-authentication guide
 * (GoHighLevel/highlevel-api-docs, docs/oauth/WebhookAuthentication.md). HighLevel announces rotations by email and on
 * its developer Slack; pass the new key as `rsaPublicKey` until this default follows.
 */
export const highLevelWebhookRsaPublicKey = `-----BEGIN PUBLIC KEY-----
MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEAokvo/r9tVgcfZ5DysOSC
Frm602qYV0MaAiNnX9O8KxMbiyRKWeL9JpCpVpt4XHIcBOK4u3cLSqJGOLaPuXw6
dO0t6Q/ZVdAV5Phz+ZtzPL16iCGeK9po6D6JHBpbi989mmzMryUnQJezlYJ3DVfB
csedpinheNnyYeFXolrJvcsjDtfAeRx5ByHQmTnSdFUzuAnC9/GepgLT9SM4nCpv
uxmZMxrJt5Rw+VUaQ9B8JSvbMPpez4peKaJPZHBbU3OdeCVx5klVXXZQGNHOs8gF
3kvoV5rTnXV0IknLBXlcKKAQLZcY/Q9rG6Ifi9c+5vqlvHPCUJFT5XUGG5RKgOKU
J062fRtN+rLYZUV+BjafxQauvC8wSWeYja63VSUruvmNj8xkx2zE/Juc+yjLjTXp
IocmaiFeAO6fUtNjDeFVkhf5LNb59vECyrHD2SQIrhgXpO4Q3dVNA5rw576PwTzN
h/AMfHKIjE4xQA1SZuYJmNnmVZLIZBlQAF9Ntd03rfadZ+yDiOXCCs9FkHibELhC
HULgCsnuDJHcrGNd5/Ddm5hxGQ0ASitgHeMZ0kcIOwKDOzOU53lDza6/Y09T7sYJ
PQe7z0cvj7aE4B+Ax1ZoZGPzpJlZtGXCsu9aTEGEnKzmsFqwcSsnw3JB31IGKAyk
T1hhTiaCeIY/OwwwNUY2yvcCAwEAAQ==
-----END PUBLIC KEY-----
`;

export const RSA_SIGNATURE_HEADER = "x-wh-signature";
export const ED25519_SIGNATURE_HEADER = "x-ghl-signature";
/** HighLevel's guide suggests refusing payloads older than about five minutes. */
export const DEFAULT_MAX_AGE_MS = 5 * 60_000;

export interface LeadConnectorWebhookOptions extends WebhookReceiveOptions {
  /** Verifies `x-wh-signature` (RSA-SHA256). Default: HighLevel's published key (`highLevelWebhookRsaPublicKey`). */
  rsaPublicKey?: string | KeyObject;
  /**
   * Verifies `x-ghl-signature` (Ed25519), which is preferred when present. No default: none of crmkit's sources
   * publishes HighLevel's Ed25519 key. Without it, a delivery signed only with Ed25519 is refused (`signature`).
   */
  ed25519PublicKey?: string | KeyObject;
  /** Refuse payloads whose `timestamp` is further than this from now (default 5 minutes); `false` skips the check. */
  maxAgeMs?: number | false;
  /**
   * Where accepted `webhookId`s are remembered: default one in-memory store per process. Share one store between
   * processes (e.g. `createRedisReplayStore` from `@crmkit/limiter-redis`) when several receive; `false` skips it.
   */
  replayStore?: ReplayStore | false;
  /** The current time in epoch ms (default `Date.now`); for tests. */
  now?: () => number;
}

const processReplayStore = createMemoryReplayStore();
// Parsing a PEM costs more than verifying; receivers use one or two keys for their lifetime.
const parsedKeys = new Map<string, KeyObject>();
let defaultRsaKey: KeyObject | undefined;

function keyFrom(value: string | KeyObject, algorithm: "rsa-sha256" | "ed25519", option: string): KeyObject {
  if (typeof value !== "string") return publicKeyFor(value, algorithm, option);
  const cacheKey = `${algorithm}\0${value}`;
  const cached = parsedKeys.get(cacheKey);
  if (cached) return cached;
  const key = publicKeyFor(value, algorithm, option);
  if (parsedKeys.size >= 16) parsedKeys.clear();
  parsedKeys.set(cacheKey, key);
  return key;
}

interface VerificationKeys {
  rsa: KeyObject;
  ed25519: KeyObject | undefined;
}

/** The configured keys, parsed once per options object and string; a bad one is a ValidationError naming it. */
function keysOf(options: LeadConnectorWebhookOptions): VerificationKeys {
  const rsa =
    options.rsaPublicKey !== undefined
      ? keyFrom(options.rsaPublicKey, "rsa-sha256", "rsaPublicKey")
      : (defaultRsaKey ??= publicKeyFor(highLevelWebhookRsaPublicKey, "rsa-sha256", "rsaPublicKey"));
  const ed25519 = options.ed25519PublicKey !== undefined ? keyFrom(options.ed25519PublicKey, "ed25519", "ed25519PublicKey") : undefined;
  return { rsa, ed25519 };
}

/** Which signature header to verify, and with which key: Ed25519 first, as HighLevel's SDK does. */
function verifyDelivery(request: Request, body: Uint8Array, keys: VerificationKeys, unverified: boolean): WebhookVerification {
  const edSignature = request.headers.get(ED25519_SIGNATURE_HEADER);
  const rsaSignature = request.headers.get(RSA_SIGNATURE_HEADER);
  const refuse = (message: string) => new WebhookVerificationError("signature", message, { vendor: VENDOR });
  if (edSignature !== null && keys.ed25519) {
    if (!verifySignature("ed25519", body, edSignature, keys.ed25519)) throw refuse(`${ED25519_SIGNATURE_HEADER} does not verify`);
    return "ed25519";
  }
  if (rsaSignature !== null) {
    if (!verifySignature("rsa-sha256", body, rsaSignature, keys.rsa)) throw refuse(`${RSA_SIGNATURE_HEADER} does not verify`);
    return "rsa-sha256";
  }
  if (unverified) return "none";
  if (edSignature !== null) {
    throw refuse(`signed with ${ED25519_SIGNATURE_HEADER} only, and no ed25519PublicKey is configured to verify it`);
  }
  throw refuse(`no ${ED25519_SIGNATURE_HEADER} or ${RSA_SIGNATURE_HEADER} header`);
}

function checkOptions(options: LeadConnectorWebhookOptions): void {
  checkReceiveOptions(options, "parseWebhook");
  const { maxAgeMs, replayStore } = options;
  if (maxAgeMs !== undefined && maxAgeMs !== false && !(Number.isFinite(maxAgeMs) && maxAgeMs > 0)) {
    throw new ValidationError("maxAgeMs", "must be a positive number of milliseconds or false", "parseWebhook: option `maxAgeMs` must be a positive number of milliseconds or false");
  }
  if (replayStore !== undefined && replayStore !== false && (typeof replayStore?.claim !== "function" || typeof replayStore.release !== "function")) {
    throw new ValidationError("replayStore", "must have claim and release methods, or be false", "parseWebhook: option `replayStore` must have claim and release methods, or be false");
  }
}

/**
 * Verifies a HighLevel webhook delivery and returns its typed event, or throws `WebhookVerificationError` whose
 * `reason` says why (`signature`, `stale`, `replay`, `malformed`, `unknown-event`). Pass the untouched Request: the
 * signature covers the exact bytes HighLevel sent. Options are checked first (a bad one is a `ValidationError`).
 */
export async function parseWebhook(request: Request, options: LeadConnectorWebhookOptions = {}): Promise<LeadConnectorWebhookEvent> {
  checkOptions(options);
  const keys = keysOf(options);
  const now = options.now?.() ?? Date.now();
  const body = await readRawBody(request, options.maxBodyBytes, VENDOR);
  const verifiedBy = verifyDelivery(request, body, keys, options.unverified !== undefined);
  const payload = parseJsonObject(body, VENDOR);
  const event = knownEvent(payload.type, leadConnectorWebhookEvents, "the payload's `type`", VENDOR);
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  if (maxAgeMs !== false) checkFreshness(payload.timestamp, maxAgeMs, now, "timestamp", VENDOR);
  const deliveryId = typeof payload.webhookId === "string" && payload.webhookId !== "" ? payload.webhookId : undefined;
  const store = options.replayStore ?? processReplayStore;
  if (store !== false) {
    if (deliveryId === undefined) {
      throw new WebhookVerificationError("malformed", "`webhookId` is missing, so a replay cannot be detected", { vendor: VENDOR });
    }
    // Remembered for as long as a replay could still pass the freshness check (either side of now), at least 10 min.
    const ttlMs = Math.max(2 * (maxAgeMs === false ? DEFAULT_MAX_AGE_MS : maxAgeMs), 10 * 60_000);
    await claimDelivery(store, VENDOR, deliveryId, ttlMs, VENDOR);
  }
  return {
    vendor: VENDOR,
    event,
    payload,
    deliveryId,
    receivedAt: new Date(now),
    verifiedBy,
  } as LeadConnectorWebhookEvent;
}

/**
 * Forgets an accepted delivery in the replay store `parseWebhook` used, so HighLevel's retry of it is accepted. Call
 * it when processing the event failed and you answer with an error status.
 */
export async function releaseDelivery(event: LeadConnectorWebhookEvent, options: Pick<LeadConnectorWebhookOptions, "replayStore"> = {}): Promise<void> {
  const store = options.replayStore ?? processReplayStore;
  if (store !== false && event.deliveryId !== undefined) await store.release(`${VENDOR}:${event.deliveryId}`);
}

/**
 * This module as a `WebhookReceiver`, for handlers that serve several vendors. The appointment events normalize to
 * `AppointmentEvent`s (see `normalizeLeadConnectorWebhook`); the opportunity events stay as they are.
 */
export const leadConnectorWebhookReceiver: WebhookReceiver<typeof VENDOR, LeadConnectorWebhookEvent, LeadConnectorWebhookOptions, LeadConnectorAppointmentEventName> = {
  vendor: VENDOR,
  events: leadConnectorWebhookEvents,
  appointmentEvents: leadConnectorAppointmentEvents,
  parse: parseWebhook,
  release: releaseDelivery,
  normalize: normalizeLeadConnectorWebhook,
};

export type LeadConnectorWebhooks = ConfiguredWebhookReceiver<typeof VENDOR, LeadConnectorWebhookEvent, LeadConnectorAppointmentEventName>;

/**
 * HighLevel's receiver with its options, for `createWebhookHandler({ leadconnector: leadConnectorWebhooks({ … }) })`
 * from `crmkit/webhooks`. The options (and keys) are checked here, once.
 */
export function leadConnectorWebhooks(options: LeadConnectorWebhookOptions = {}): LeadConnectorWebhooks {
  checkOptions(options);
  keysOf(options);
  return configureWebhookReceiver(leadConnectorWebhookReceiver, options);
}
