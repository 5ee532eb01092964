import type { AppointmentEvent } from "./appointment-event.js";
import type { ReceivedWebhook } from "./delivery.js";

/**
 * What each vendor package's webhooks module exports as `<vendor>WebhookReceiver`, so a handler serving several vendors
 * treats them alike: `parse` is the module's `parseWebhook`; `release` forgets an accepted delivery (after failed
 * processing, so the vendor's retry is accepted) and does nothing for vendors without delivery ids. The receiver
 * declares which of its events are appointment events (`appointmentEvents`) and how each becomes an
 * `AppointmentEvent` (`normalize`, which throws `malformed` when the payload holds no usable appointment); every other
 * event is delivered as the vendor's typed event.
 */
export interface WebhookReceiver<Vendor extends string, Event extends ReceivedWebhook<Vendor>, Options, Appointments extends Event["event"] = never> {
  vendor: Vendor;
  events: readonly Event["event"][];
  appointmentEvents: readonly Appointments[];
  parse(request: Request, options: Options): Promise<Event>;
  release(event: Event, options: Options): Promise<void>;
  normalize(event: Extract<Event, { event: Appointments }>): AppointmentEvent<Vendor, Extract<Event, { event: Appointments }>>;
}

/** A vendor's receiver with its options bound (by the vendor's `<vendor>Webhooks(options)`), as `createWebhookHandler` takes it. */
export interface ConfiguredWebhookReceiver<
  Vendor extends string = string,
  Event extends ReceivedWebhook<Vendor> = ReceivedWebhook<Vendor>,
  Appointments extends Event["event"] = Event["event"],
> {
  readonly vendor: Vendor;
  readonly events: readonly Event["event"][];
  readonly appointmentEvents: readonly Appointments[];
  parse(request: Request): Promise<Event>;
  release(event: Event): Promise<void>;
  normalize(event: Extract<Event, { event: Appointments }>): AppointmentEvent<Vendor, Extract<Event, { event: Appointments }>>;
}

/** What a handler delivers for receiver `R`: the normalized event for its appointment events, the typed event for the others. */
export type DeliveredWebhookEvent<R> =
  R extends ConfiguredWebhookReceiver<infer V, infer E, infer A>
    ? (A extends unknown ? AppointmentEvent<V, Extract<E, { event: A }>> : never) | Exclude<E, { event: A }>
    : never;

/** Binds `options` to `receiver`. Vendor packages check the options first, so a bad one fails at configuration. */
export function configureWebhookReceiver<V extends string, E extends ReceivedWebhook<V>, O, A extends E["event"]>(
  receiver: WebhookReceiver<V, E, O, A>,
  options: O,
): ConfiguredWebhookReceiver<V, E, A> {
  return {
    vendor: receiver.vendor,
    events: receiver.events,
    appointmentEvents: receiver.appointmentEvents,
    parse: (request) => receiver.parse(request, options),
    release: (event) => receiver.release(event, options),
    normalize: (event) => receiver.normalize(event),
  };
}

/** The normalized event when `event` is one of the receiver's appointment events, else `event` itself. */
export function deliveredEvent<R extends { readonly appointmentEvents: readonly string[]; normalize(event: never): unknown }>(
  receiver: R,
  event: ReceivedWebhook,
): DeliveredWebhookEvent<R> {
  const appointment = (receiver.appointmentEvents as readonly string[]).includes(event.event);
  return (appointment ? receiver.normalize(event as never) : event) as unknown as DeliveredWebhookEvent<R>;
}
