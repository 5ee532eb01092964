// Receiving LeadSquared webhooks. LeadSquared does not sign them; what authenticates a delivery is a secret the
// receiver chose when creating the webhook, sent back as a custom header (task webhooks) or in the query string of
// the URL (bulk-job `StatusWebhookURL`s, which cannot carry headers). Events: specs/leadsquared/openapi.yaml `webhooks`.
import { ValidationError } from "@crmkit/core";
import {
  type ConfiguredWebhookReceiver,
  type ReceivedWebhook,
  type WebhookReceiveOptions,
  type WebhookReceiver,
  type WebhookVerification,
  WebhookVerificationError,
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
import { JOB_REFERENCE_QUERY_PARAM, type LeadSquaredJobTracker } from "./bulk-jobs.js";

const VENDOR = "leadsquared";

/** Task events (with LeadSquared's `WebhookEvent` code) and the bulk-job status callback. */
export const leadSquaredWebhookEvents = ["TaskCreate", "TaskUpdate", "TaskComplete", "TaskReminder", "BulkUpdateAppointmentTimeStatus"] as const satisfies readonly (keyof webhooks)[];
export type LeadSquaredWebhookEventName = (typeof leadSquaredWebhookEvents)[number];
const listsEveryWebhook: [Exclude<keyof webhooks, LeadSquaredWebhookEventName>] extends [never] ? true : never = true;
void listsEveryWebhook;

/** LeadSquared's `WebhookEvent` code for each task event ("Create a Webhook" API). */
export const leadSquaredTaskWebhookCodes = { TaskCreate: "7", TaskReminder: "8", TaskComplete: "16", TaskUpdate: "17" } as const;
export type LeadSquaredTaskWebhookEventName = keyof typeof leadSquaredTaskWebhookCodes;

type ContentOf<E extends LeadSquaredWebhookEventName> = NonNullable<webhooks[E]["post"]>["requestBody"]["content"];
/** The payload of one event as the contract types it; the bulk status body is undocumented (`unknown`). */
export type LeadSquaredWebhookPayload<E extends LeadSquaredWebhookEventName> = ContentOf<E>[keyof ContentOf<E>];

/** A LeadSquared delivery. A bulk status post also carries the `crmkit_job` reference of its call's status URL, if any. */
export type LeadSquaredWebhookEvent = {
  [E in LeadSquaredWebhookEventName]: ReceivedWebhook<typeof VENDOR, E, LeadSquaredWebhookPayload<E>> &
    (E extends "BulkUpdateAppointmentTimeStatus" ? { jobReference: string | undefined } : unknown);
}[LeadSquaredWebhookEventName];

export const DEFAULT_SECRET_HEADER = "x-crmkit-webhook-secret";
export const DEFAULT_SECRET_QUERY_PARAM = "crmkit_webhook_secret";
/** Header (task webhooks) and query parameter (status URLs) naming the event when one route receives several. */
export const EVENT_HEADER = "x-crmkit-event";
export const EVENT_QUERY_PARAM = "crmkit_event";

export interface LeadSquaredWebhookOptions extends WebhookReceiveOptions {
  /** The secret configured on the webhook (custom header) or in the status URL. Required unless `unverified` is set. */
  secret?: string;
  /** Custom header carrying the secret (default `x-crmkit-webhook-secret`). */
  secretHeader?: string;
  /** Query parameter carrying the secret when no header is sent (default `crmkit_webhook_secret`). */
  secretQueryParam?: string;
  /**
   * The event this route receives. Default: the `x-crmkit-event` header, else the `crmkit_event` query parameter
   * (as set up by `leadSquaredWebhookSettings` / `leadSquaredStatusWebhookUrl`); LeadSquared's body does not name it.
   */
  event?: LeadSquaredWebhookEventName;
  /** Reports each bulk status post to this tracker, which matches it to its job (see `createLeadSquaredJobTracker`). */
  jobs?: LeadSquaredJobTracker;
}

function checkOptions(options: LeadSquaredWebhookOptions): void {
  checkReceiveOptions(options, "parseWebhook");
  checkSecretOption(options, "parseWebhook");
  for (const field of ["secretHeader", "secretQueryParam"] as const) {
    if (options[field] !== undefined) requireNonEmpty(options[field], field, "parseWebhook");
  }
  if (options.event !== undefined && !(leadSquaredWebhookEvents as readonly string[]).includes(options.event)) {
    const rule = `must be one of ${leadSquaredWebhookEvents.join(", ")}`;
    throw new ValidationError("event", rule, `parseWebhook: option \`event\` ${rule}`);
  }
  if (options.jobs !== undefined && typeof options.jobs?.notify !== "function") {
    throw new ValidationError("jobs", "must be a tracker from createLeadSquaredJobTracker", "parseWebhook: option `jobs` must be a tracker from createLeadSquaredJobTracker");
  }
}

function eventOf(request: Request, options: LeadSquaredWebhookOptions): LeadSquaredWebhookEventName {
  const named = options.event ?? request.headers.get(EVENT_HEADER) ?? new URL(request.url).searchParams.get(EVENT_QUERY_PARAM) ?? undefined;
  return knownEvent(named, leadSquaredWebhookEvents, `the \`event\` option, the ${EVENT_HEADER} header or the ${EVENT_QUERY_PARAM} query parameter`, VENDOR);
}

/** The status body is undocumented: JSON when it parses as JSON, else the text. */
function parseStatusBody(body: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    throw new WebhookVerificationError("malformed", "body is not UTF-8 text", { vendor: VENDOR });
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Authenticates a LeadSquared delivery by its shared secret (compared in constant time) and returns the typed event,
 * or throws `WebhookVerificationError` (`signature`, `malformed`, `unknown-event`). LeadSquared sends no timestamp and
 * no delivery id, so neither staleness nor replays can be detected: make your processing idempotent.
 */
export async function parseWebhook(request: Request, options: LeadSquaredWebhookOptions): Promise<LeadSquaredWebhookEvent> {
  checkOptions(options ?? {});
  const receivedAt = new Date();
  let verifiedBy: WebhookVerification = "none";
  if (options.secret !== undefined) {
    checkSharedSecret(
      request,
      { secret: options.secret, header: options.secretHeader ?? DEFAULT_SECRET_HEADER, queryParam: options.secretQueryParam ?? DEFAULT_SECRET_QUERY_PARAM },
      VENDOR,
    );
    verifiedBy = "shared-secret";
  }
  const event = eventOf(request, options);
  const body = await readRawBody(request, options.maxBodyBytes, VENDOR);
  if (event !== "BulkUpdateAppointmentTimeStatus") {
    return { vendor: VENDOR, event, payload: parseJsonObject(body, VENDOR), deliveryId: undefined, receivedAt, verifiedBy } as LeadSquaredWebhookEvent;
  }
  const jobReference = new URL(request.url).searchParams.get(JOB_REFERENCE_QUERY_PARAM) ?? undefined;
  const status = { vendor: VENDOR, event, payload: parseStatusBody(body), jobReference, deliveryId: undefined, receivedAt, verifiedBy } as const;
  options.jobs?.notify(status);
  return status;
}

export interface LeadSquaredWebhookSettingsInput {
  event: LeadSquaredTaskWebhookEventName;
  /** Where LeadSquared should post. */
  url: string;
  /** A long random secret; `parseWebhook` must be given the same one. */
  secret: string;
  description?: string;
}

/**
 * The body of `POST /v2/Webhook.svc/Create` (LeadSquared's "Create a Webhook" API) for a task webhook that
 * `parseWebhook` can authenticate: JSON content, the secret and the event name as custom headers.
 */
export function leadSquaredWebhookSettings(input: LeadSquaredWebhookSettingsInput) {
  const where = "leadSquaredWebhookSettings";
  requireNonEmpty(input?.secret, "secret", where);
  requireNonEmpty(input?.url, "url", where);
  const code = leadSquaredTaskWebhookCodes[input.event];
  if (code === undefined) {
    const rule = `must be one of ${Object.keys(leadSquaredTaskWebhookCodes).join(", ")}`;
    throw new ValidationError("event", rule, `${where}: option \`event\` ${rule}`);
  }
  return {
    Description: input.description ?? `crmkit ${input.event}`,
    URL: input.url,
    Method: "POST",
    ContentType: "application/json",
    WebhookEvent: code,
    NotifyOnFailure: true,
    CustomHeaders: [
      { Key: DEFAULT_SECRET_HEADER, Value: input.secret },
      { Key: EVENT_HEADER, Value: input.event },
    ],
  };
}

/** A `StatusWebhookURL` for bulk jobs that `parseWebhook` can authenticate: the secret and event in its query. */
export function leadSquaredStatusWebhookUrl(url: string, secret: string, extra: Record<string, string> = {}): string {
  requireNonEmpty(secret, "secret", "leadSquaredStatusWebhookUrl");
  return withQueryParams(url, { ...extra, [EVENT_QUERY_PARAM]: "BulkUpdateAppointmentTimeStatus", [DEFAULT_SECRET_QUERY_PARAM]: secret });
}

const noAppointmentEvents = (): never => {
  throw new TypeError("LeadSquared has no normalized appointment events");
};

/**
 * This module as a `WebhookReceiver`; LeadSquared sends no delivery ids, so there is nothing to release. No event
 * normalizes to an `AppointmentEvent`: LeadSquared documents no task payload (see the `TaskWebhookPayload` schema), so
 * there is nothing to build an appointment from with confidence; the task events arrive as LeadSquared's typed events.
 */
export const leadSquaredWebhookReceiver: WebhookReceiver<typeof VENDOR, LeadSquaredWebhookEvent, LeadSquaredWebhookOptions> = {
  vendor: VENDOR,
  events: leadSquaredWebhookEvents,
  appointmentEvents: [],
  parse: parseWebhook,
  release: async () => {},
  normalize: noAppointmentEvents,
};

export type LeadSquaredWebhooks = ConfiguredWebhookReceiver<typeof VENDOR, LeadSquaredWebhookEvent, never>;

/** LeadSquared's receiver with its options (checked here), for `createWebhookHandler({ leadsquared: leadSquaredWebhooks({ secret }) })`. */
export function leadSquaredWebhooks(options: LeadSquaredWebhookOptions): LeadSquaredWebhooks {
  checkOptions(options ?? {});
  return configureWebhookReceiver(leadSquaredWebhookReceiver, options);
}
