// HighLevel's appointment webhooks as crmkit's normalized AppointmentEvent.
import { parseVendorIso } from "@crmkit/core/scheduling";
import { type AppointmentEvent, type AppointmentEventType, appointmentEvent, idOf, textOf } from "@crmkit/core/webhooks";
import { leadConnectorStatus } from "./scheduling.js";
import type { LeadConnectorWebhookEvent } from "./webhooks.js";

/** The events delivered as `AppointmentEvent`s; the opportunity events stay HighLevel's typed events. */
export const leadConnectorAppointmentEvents = ["AppointmentCreate", "AppointmentUpdate", "AppointmentDelete"] as const;
export type LeadConnectorAppointmentEventName = (typeof leadConnectorAppointmentEvents)[number];
export type LeadConnectorAppointmentWebhookEvent = Extract<LeadConnectorWebhookEvent, { event: LeadConnectorAppointmentEventName }>;

/**
 * `AppointmentCreate` → `created`, `AppointmentDelete` → `deleted`, `AppointmentUpdate` → `updated`, or `cancelled`
 * when the new `appointmentStatus` is a cancelled one (`cancelled`, `invalid`): HighLevel has no cancel event. The
 * appointment is the payload's `appointment`: `title`, `calendarId`, `contactId`, `assignedUserId` as named there,
 * `createdAt` from `dateAdded`, `updatedAt` from `dateUpdated`. Without an `id`, `startTime` or `endTime` (ISO 8601
 * with an offset) the event is `malformed`.
 */
export function normalizeLeadConnectorWebhook(event: LeadConnectorAppointmentWebhookEvent): AppointmentEvent<"leadconnector", LeadConnectorAppointmentWebhookEvent> {
  const record = event.payload.appointment ?? {};
  const status = leadConnectorStatus(record.appointmentStatus);
  const type: AppointmentEventType =
    event.event === "AppointmentCreate" ? "created" : event.event === "AppointmentDelete" ? "deleted" : status === "cancelled" ? "cancelled" : "updated";
  const fields = {
    id: idOf(record.id),
    start: parseVendorIso(record.startTime),
    end: parseVendorIso(record.endTime),
    status,
    title: textOf(record.title),
    calendarId: idOf(record.calendarId),
    contactId: idOf(record.contactId),
    assignedUserId: idOf(record.assignedUserId),
    createdAt: parseVendorIso(record.dateAdded),
    updatedAt: parseVendorIso(record.dateUpdated),
    raw: record,
  };
  return appointmentEvent(event, type, fields, { id: "appointment.id", start: "appointment.startTime", end: "appointment.endTime" });
}
