// One-Link's appointment automation webhooks as crmkit's normalized AppointmentEvent.
import { parseVendorIso } from "@crmkit/core/scheduling";
import { type AppointmentEvent, type AppointmentEventType, appointmentEvent, idOf, textOf } from "@crmkit/core/webhooks";
import { oneLinkStatus } from "./scheduling.js";
import type { OneLinkWebhookEvent, OneLinkWebhookEventName } from "./webhooks.js";

/** Every One-Link webhook is an appointment event. */
export const oneLinkAppointmentEvents = [
  "automation_event.appointment_created",
  "automation_event.appointment_updated",
  "automation_event.appointment_cancelled",
  "automation_event.appointment_completed",
] as const satisfies readonly OneLinkWebhookEventName[];
export type OneLinkAppointmentEventName = (typeof oneLinkAppointmentEvents)[number];
export type OneLinkAppointmentWebhookEvent = Extract<OneLinkWebhookEvent, { event: OneLinkAppointmentEventName }>;

const types: Record<OneLinkAppointmentEventName, AppointmentEventType> = {
  "automation_event.appointment_created": "created",
  "automation_event.appointment_updated": "updated",
  "automation_event.appointment_cancelled": "cancelled",
  // A completion is a status change: an update whose appointment.status is `completed`.
  "automation_event.appointment_completed": "updated",
};

/**
 * `appointment_created` → `created`, `appointment_updated` and `appointment_completed` → `updated`,
 * `appointment_cancelled` → `cancelled`. The appointment is the payload's `appointment`: `calendarId` from
 * `resource_id` (the specialist booked), `contactId` from `contact_id`, `title` from the `service` name. The webhook
 * carries no owner and no created/updated times, so those fields are absent.
 */
export function normalizeOneLinkWebhook(event: OneLinkAppointmentWebhookEvent): AppointmentEvent<"onelink", OneLinkAppointmentWebhookEvent> {
  const payload = event.payload;
  const record = payload.appointment ?? ({} as Partial<typeof payload.appointment>);
  const fields = {
    id: idOf(record.id),
    start: parseVendorIso(record.starts_at),
    end: parseVendorIso(record.ends_at),
    status: oneLinkStatus(record.status),
    title: textOf(payload.service?.name),
    calendarId: idOf(record.resource_id),
    contactId: idOf(record.contact_id),
    raw: record,
  };
  return appointmentEvent(event, types[event.event], fields, { id: "appointment.id", start: "appointment.starts_at", end: "appointment.ends_at" });
}
