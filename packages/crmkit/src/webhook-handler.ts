// createWebhookHandler: one fetch-style handler for the webhooks of every configured vendor. It names no vendor: each
// receiver (made by its vendor package) declares its vendor, its appointment events and how they normalize.
import { ValidationError } from "@crmkit/core";
import {
  type DeliveredWebhookEvent,
  type ReceivedWebhook,
  type WebhookFailureReason,
  WebhookVerificationError,
  deliveredEvent,
} from "@crmkit/core/webhooks";
import { configKey } from "./crmkit.js";

/** Why the handler answered other than 200, for logs. Never holds a key, a secret or the body. */
export interface WebhookRefusal {
  /** The vendor the request was routed to, if any. */
  vendor: string | undefined;
  /** 200 for a replay (acknowledged, not processed), else the status answered. */
  status: 200 | 400 | 401 | 404 | 405 | 500;
  /** A receiver's reason, `not-found` (no receiver for the path), `method` (not a POST), `receiver` (it failed), `on-event` (it threw). */
  reason: WebhookFailureReason | "not-found" | "method" | "receiver" | "on-event";
  message: string;
  /** What was thrown, when something was. */
  error?: unknown;
}

export interface WebhookHandlerHooks<Event> {
  /** Called once per accepted delivery; the answer is 200 once it resolves, 500 (so the vendor retries) if it throws. */
  onEvent(event: Event): unknown;
  /** Called for every delivery not processed (every answer but 200, and a replay's 200), e.g. to log it. What it throws is ignored. */
  onRefused?(refusal: WebhookRefusal): void;
  /**
   * The vendor id (or config key) a request is for. Default: the last segment of the path (`/webhooks/leadconnector`,
   * `/hooks/pexip-engage` or `/hooks/pexipEngage`), or the only receiver when one is configured.
   */
  route?(request: Request): string | undefined;
}
type HookName = keyof WebhookHandlerHooks<never>;
const hookNames: readonly string[] = ["onEvent", "onRefused", "route"] satisfies HookName[];

/** Any vendor's configured receiver (their event types differ; each is only ever given its own events). */
interface AnyReceiver {
  readonly vendor: string;
  readonly events: readonly string[];
  readonly appointmentEvents: readonly string[];
  parse(request: Request): Promise<ReceivedWebhook>;
  release(event: never): Promise<void>;
  normalize(event: never): unknown;
}
type ReceiversOf<C> = { [K in Exclude<keyof C, HookName>]: C[K] };
/** What `onEvent` receives from the receivers of `C`: normalized appointment events, and the vendors' other typed events. */
export type WebhookHandlerEvent<C> = DeliveredWebhookEvent<NonNullable<ReceiversOf<C>[keyof ReceiversOf<C>]>>;
/**
 * `createWebhookHandler`'s config: receivers by config key, and the hooks, typed from the receivers. (A mapped type
 * over the config's own keys, so TypeScript infers the receivers first and then types `onEvent`'s event from them.)
 */
export type WebhookHandlerConfig<C> = {
  [K in keyof C]: K extends HookName ? WebhookHandlerHooks<WebhookHandlerEvent<C>>[K] : C[K] extends AnyReceiver | undefined ? C[K] : AnyReceiver;
} & { onEvent: unknown };

const statusOf: Record<WebhookFailureReason, 200 | 400 | 401> = { replay: 200, signature: 401, stale: 401, malformed: 400, "unknown-event": 400 };

const reply = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

function receiversOf(config: Record<string, unknown>): Map<string, AnyReceiver> {
  const receivers = new Map<string, AnyReceiver>();
  for (const [key, value] of Object.entries(config)) {
    if (hookNames.includes(key) || value === undefined) continue;
    const receiver = value as Partial<AnyReceiver> | null;
    const vendor = receiver?.vendor;
    if (typeof vendor !== "string" || typeof receiver?.parse !== "function" || typeof receiver.normalize !== "function") {
      throw new ValidationError(key, "must be a vendor's configured receiver", `Invalid ${key}: expected a receiver made by the vendor package (e.g. its <vendor>Webhooks({ … }))`);
    }
    if (configKey(vendor) !== key) throw new ValidationError(key, `must be the receiver of the vendor it names`, `Invalid ${key}: got the receiver for ${vendor}; pass it as \`${configKey(vendor)}\``);
    receivers.set(vendor, receiver as AnyReceiver);
  }
  if (receivers.size === 0) throw new ValidationError("config", "must hold at least one receiver", "Invalid config: createWebhookHandler needs at least one vendor's receiver");
  return receivers;
}

/**
 * A `(request: Request) => Promise<Response>` for the webhooks of the configured vendors:
 *
 * ```ts
 * const handle = createWebhookHandler({ leadconnector: leadConnectorWebhooks({ ed25519PublicKey }), onEvent: async (event) => { … } });
 * ```
 *
 * It answers 200 once `onEvent` has resolved; 200 without calling it for a replay (so the vendor stops retrying);
 * 401 for a signature, secret or freshness failure; 400 for a malformed body or an event the vendor's contract does
 * not know; 404 for a path no receiver serves; 405 for anything but POST; 500 when `onEvent` throws, after releasing the
 * delivery so that the vendor's retry is accepted, and when a receiver fails (e.g. its replay store is unreachable).
 */
export function createWebhookHandler<C>(config: WebhookHandlerConfig<C>): (request: Request) => Promise<Response> {
  if (typeof config !== "object" || config === null) throw new ValidationError("config", "must be an object of receivers and onEvent");
  const { onEvent, onRefused, route } = config as unknown as WebhookHandlerHooks<unknown>;
  if (typeof onEvent !== "function") throw new ValidationError("onEvent", "must be a function");
  for (const [hook, value] of Object.entries({ onRefused, route })) {
    if (value !== undefined && typeof value !== "function") throw new ValidationError(hook, "must be a function when given");
  }
  const receivers = receiversOf(config as Record<string, unknown>);
  const byKey = new Map([...receivers].map(([vendor, receiver]) => [configKey(vendor), receiver]));
  const only = receivers.size === 1 ? [...receivers.values()][0] : undefined;

  const receiverFor = (request: Request): AnyReceiver | undefined => {
    if (route) {
      const name = route(request);
      return name === undefined ? undefined : (receivers.get(name) ?? byKey.get(name));
    }
    const segment = new URL(request.url).pathname.split("/").filter(Boolean).pop() ?? "";
    return receivers.get(segment) ?? byKey.get(segment) ?? only;
  };
  const refuse = (refusal: WebhookRefusal): Response => {
    try {
      onRefused?.(refusal);
    } catch {
      // a logging hook must not change the answer
    }
    if (refusal.status === 200) return reply(200, { ok: true, replay: true });
    return reply(refusal.status, { ok: false, error: refusal.reason }, refusal.status === 405 ? { allow: "POST" } : {});
  };
  const failure = (vendor: string, error: unknown): Response => {
    if (!(error instanceof WebhookVerificationError)) {
      return refuse({ vendor, status: 500, reason: "receiver", message: `the ${vendor} receiver failed: ${error instanceof Error ? error.message : String(error)}`, error });
    }
    return refuse({ vendor, status: statusOf[error.reason], reason: error.reason, message: error.message, error });
  };
  /** Forgets the delivery so the vendor's retry is not refused as a replay; says so when even that failed. */
  const release = async (receiver: AnyReceiver, event: ReceivedWebhook): Promise<string> => {
    try {
      await receiver.release(event as never);
      return "";
    } catch (error) {
      return `; releasing the delivery failed too (${error instanceof Error ? error.message : String(error)}), so the vendor's retry will be refused as a replay`;
    }
  };

  return async (request) => {
    if (request.method !== "POST") return refuse({ vendor: undefined, status: 405, reason: "method", message: `${request.method} is not a webhook delivery; vendors POST` });
    const receiver = receiverFor(request);
    if (!receiver) return refuse({ vendor: undefined, status: 404, reason: "not-found", message: `no receiver for ${new URL(request.url).pathname}` });
    const { vendor } = receiver;
    let event: ReceivedWebhook;
    try {
      event = await receiver.parse(request);
    } catch (error) {
      return failure(vendor, error);
    }
    let delivered: unknown;
    try {
      delivered = deliveredEvent(receiver, event);
    } catch (error) {
      await release(receiver, event);
      return failure(vendor, error);
    }
    try {
      await onEvent(delivered);
    } catch (error) {
      const unreleased = await release(receiver, event);
      return refuse({ vendor, status: 500, reason: "on-event", message: `onEvent threw for ${vendor} ${event.event}${unreleased}`, error });
    }
    return reply(200, { ok: true });
  };
}
