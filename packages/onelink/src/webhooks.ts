// Receiving One-Link appointment webhooks (automation rules with the "send webhook event" action). One-Link posts them
// unsigned, without a timestamp or a delivery id; the only authentication is a secret the receiver put in the URL it
// gave the rule (see `oneLinkWebhookUrl`). Events: specs/onelink/openapi.yaml `webhooks`.
import {
  type ConfiguredWebhookReceiver,
  type ReceivedWebhook,
  type WebhookReceiveOptions,
  type WebhookReceiver,
  type WebhookVerification,
  checkReceiveOptions,
  checkSecretOption,
  checkSharedSecret,
  configureWebhookReceiver,
  knownEvent,
  parseJsonObject,
  readRawBody,
  requireNonEmpty,
  withQueryParams,
} from "@crmkit/core/webhooks";
import type { webhooks } from "./generated/openapi.js";
import { type OneLinkAppointmentEventName, normalizeOneLinkWebhook, oneLinkAppointmentEvents } from "./webhook-appointments.js";

export * from "./webhook-appointments.js";

const VENDOR = "onelink";

export const oneLinkWebhookEvents = [
  "automation_event.appointment_created",
  "automation_event.appointment_updated",
  "automation_event.appointment_cancelled",
  "automation_event.appointment_completed",
] as const satisfies readonly (keyof webhooks)[];
export type OneLinkWebhookEventName = (typeof oneLinkWebhookEvents)[number];
const listsEveryWebhook: [Exclude<keyof webhooks, OneLinkWebhookEventName>] extends [never] ? true : never = true;
void listsEveryWebhook;

export type OneLinkWebhookPayload<E extends OneLinkWebhookEventName> = NonNullable<webhooks[E]["post"]>["requestBody"]["content"]["application/json"];

export type OneLinkWebhookEvent = {
  [E in OneLinkWebhookEventName]: ReceivedWebhook<typeof VENDOR, E, OneLinkWebhookPayload<E>>;
}[OneLinkWebhookEventName];

export const DEFAULT_SECRET_QUERY_PARAM = "crmkit_webhook_secret";

export interface OneLinkWebhookOptions extends WebhookReceiveOptions {
  /** The secret in the query string of the URL given to the automation rule. Required unless `unverified` is set. */
  secret?: string;
  /** Query parameter carrying it (default `crmkit_webhook_secret`). */
  secretQueryParam?: string;
}

function checkOptions(options: OneLinkWebhookOptions): void {
  checkReceiveOptions(options, "parseWebhook");
  checkSecretOption(options ?? {}, "parseWebhook");
  if (options.secretQueryParam !== undefined) requireNonEmpty(options.secretQueryParam, "secretQueryParam", "parseWebhook");
}

/**
 * Authenticates a One-Link automation webhook by the secret in its URL (compared in constant time) and returns the
 * typed event, or throws `WebhookVerificationError` (`signature`, `malformed`, `unknown-event`). One-Link sends no
 * timestamp and no delivery id, so neither staleness nor replays can be detected: make your processing idempotent.
 */
export async function parseWebhook(request: Request, options: OneLinkWebhookOptions): Promise<OneLinkWebhookEvent> {
  checkOptions(options);
  const receivedAt = new Date();
  let verifiedBy: WebhookVerification = "none";
  if (options.secret !== undefined) {
    checkSharedSecret(request, { secret: options.secret, queryParam: options.secretQueryParam ?? DEFAULT_SECRET_QUERY_PARAM }, VENDOR);
    verifiedBy = "shared-secret";
  }
  const payload = parseJsonObject(await readRawBody(request, options.maxBodyBytes, VENDOR), VENDOR);
  const event = knownEvent(payload.event, oneLinkWebhookEvents, "the payload's `event`", VENDOR);
  return { vendor: VENDOR, event, payload, deliveryId: undefined, receivedAt, verifiedBy } as OneLinkWebhookEvent;
}

/** The URL to give a One-Link automation rule so that `parseWebhook` can authenticate its posts. */
export function oneLinkWebhookUrl(url: string, secret: string, queryParam = DEFAULT_SECRET_QUERY_PARAM): string {
  requireNonEmpty(secret, "secret", "oneLinkWebhookUrl");
  return withQueryParams(url, { [queryParam]: secret });
}

/**
 * This module as a `WebhookReceiver`; One-Link sends no delivery ids, so there is nothing to release. Every event
 * normalizes to an `AppointmentEvent` (see `normalizeOneLinkWebhook`).
 */
export const oneLinkWebhookReceiver: WebhookReceiver<typeof VENDOR, OneLinkWebhookEvent, OneLinkWebhookOptions, OneLinkAppointmentEventName> = {
  vendor: VENDOR,
  events: oneLinkWebhookEvents,
  appointmentEvents: oneLinkAppointmentEvents,
  parse: parseWebhook,
  release: async () => {},
  normalize: normalizeOneLinkWebhook,
};

export type OneLinkWebhooks = ConfiguredWebhookReceiver<typeof VENDOR, OneLinkWebhookEvent, OneLinkAppointmentEventName>;

/** One-Link's receiver with its options (checked here), for `createWebhookHandler({ onelink: oneLinkWebhooks({ secret }) })`. */
export function oneLinkWebhooks(options: OneLinkWebhookOptions): OneLinkWebhooks {
  checkOptions(options);
  return configureWebhookReceiver(oneLinkWebhookReceiver, options);
}
