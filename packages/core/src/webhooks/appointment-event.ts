// The one shape appointment events take across vendors, and what a vendor receiver needs to build it.
import { withoutUndefined } from "../scheduling/helpers.js";
import type { Appointment } from "../scheduling/types.js";
import type { ReceivedWebhook } from "./delivery.js";
import { WebhookVerificationError } from "./errors.js";

/**
 * What happened to the appointment. A vendor event that reports a cancellation as an update (a status change) is
 * `cancelled`; one that reports a completion is `updated` with `appointment.status` `completed`.
 */
export type AppointmentEventType = "created" | "updated" | "cancelled" | "deleted";

/** The optional appointment fields a webhook payload may carry; each is present only when the vendor's payload has it. */
export type AppointmentDetails = Pick<Appointment, "title" | "calendarId" | "contactId" | "assignedUserId" | "createdAt" | "updatedAt">;

/** An appointment event of any vendor, normalized. `raw` is the verified vendor event it was made from. */
export interface AppointmentEvent<V extends string = string, Raw extends ReceivedWebhook<V> = ReceivedWebhook<V>> {
  vendor: V;
  type: AppointmentEventType;
  appointment: Appointment<V> & AppointmentDetails;
  receivedAt: Date;
  /** The vendor's typed event: its name (`raw.event`), payload, delivery id and how it was verified. */
  raw: Raw;
}

/** True for a normalized appointment event; a vendor's own typed event has no `appointment` at its top level. */
export const isAppointmentEvent = (event: unknown): event is AppointmentEvent =>
  typeof event === "object" && event !== null && "appointment" in event && "type" in event && "raw" in event;

/** What a vendor mapper read from its payload; `undefined` fields are left out of the appointment. */
export interface AppointmentFields<V extends string> extends AppointmentDetails {
  id: string | undefined;
  start: Date | undefined;
  end: Date | undefined;
  status: Appointment<V>["status"];
  raw: unknown;
}

/**
 * The normalized event for `event`. An appointment event without an id or readable start and end cannot be one:
 * `malformed`, naming the fields, as a body without them is.
 */
export function appointmentEvent<V extends string, Raw extends ReceivedWebhook<V>>(
  event: Raw,
  type: AppointmentEventType,
  fields: AppointmentFields<V>,
  names: { id: string; start: string; end: string },
): AppointmentEvent<V, Raw> {
  const { id, start, end } = fields;
  if (id === undefined || start === undefined || end === undefined) {
    const missing = [id === undefined && names.id, start === undefined && names.start, end === undefined && names.end].filter(Boolean).join(", ");
    throw new WebhookVerificationError("malformed", `${event.event} without a usable ${missing}: no appointment to report`, { vendor: event.vendor });
  }
  const appointment = { vendor: event.vendor, ...withoutUndefined(fields) } as Appointment<V> & AppointmentDetails;
  return { vendor: event.vendor, type, appointment, receivedAt: event.receivedAt, raw: event };
}

/** An id as text: a non-empty string, or a finite number written out; else undefined. */
export const idOf = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim() !== "" ? value : typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;

/** A non-empty string, else undefined. */
export const textOf = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);
