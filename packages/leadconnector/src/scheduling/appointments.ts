// Reading, listing, booking and cancelling HighLevel appointments, in crmkit's one appointment shape.
import { AbortError, ValidationError, unwrap } from "@crmkit/core";
import {
  type Appointment,
  type Instant,
  type SchedulingAdapter,
  idText,
  invalidResponse,
  isoWithOffset,
  mapStatus,
  optionalText,
  parseVendorIso,
  requireText,
  withoutUndefined,
} from "@crmkit/core/scheduling";
import type { components } from "../index.js";
import type { LeadConnectorAdapter, LeadConnectorContext } from "./adapter.js";

type Schemas = components["schemas"];

/** listAppointments' HighLevel filters. */
export interface LeadConnectorListFilters {
  /** The location (sub-account) whose events to list; default: the adapter's `locationId`. */
  locationId?: string;
  /**
   * Whose events: a calendar, a user, a calendar group (HighLevel needs at least one). Without any of them the adapter's
   * `calendarId`, else its `assignedUserId`, is used.
   */
  calendarId?: string;
  userId?: string;
  groupId?: string;
}

/** createAppointment's HighLevel fields. */
export interface LeadConnectorBookingFields {
  /** The contact the appointment is for (HighLevel requires one). */
  contactId: string;
  /** Default: the adapter's `calendarId`. */
  calendarId?: string;
  /** Default: the adapter's `locationId`. */
  locationId?: string;
  /** The user the appointment is assigned to; the calendar's own assignment rules otherwise. */
  assignedUserId?: string;
}

const statuses = {
  new: "scheduled",
  active: "scheduled",
  confirmed: "confirmed",
  showed: "completed",
  completed: "completed",
  cancelled: "cancelled",
  invalid: "cancelled",
  noshow: "no_show",
} as const;
/** HighLevel `appointmentStatus` → crmkit's AppointmentStatus. */
export const leadConnectorStatus = (status: unknown) => mapStatus(statuses, status);

/** An event as listed or read, or an appointment as booked (which has no dateAdded/dateUpdated). */
type EventRecord = Partial<Schemas["CalendarEventDTO"]> | (Partial<Schemas["AppointmentSchemaResponse"]> & { dateAdded?: undefined; dateUpdated?: undefined });

/**
 * A HighLevel event (or booked appointment) in crmkit's shape: `title`, `calendarId`, `contactId` and `assignedUserId`
 * as HighLevel names them, `createdAt` from `dateAdded`, `updatedAt` from `dateUpdated`. `known` fills what the answer
 * may leave out: the id that was read, or the range just booked.
 */
function toAppointment(event: EventRecord | undefined, operationId: string, known: { id?: string; range?: { start: Instant; end: Instant } } = {}): Appointment<"leadconnector"> {
  const id = idText(event?.id) ?? known.id,
    start = parseVendorIso(event?.startTime) ?? (known.range && new Date(known.range.start.ms)),
    end = parseVendorIso(event?.endTime) ?? (known.range && new Date(known.range.end.ms));
  if (!event || !id || !start || !end) {
    throw invalidResponse("leadconnector", operationId, `HighLevel returned event ${id ?? "(no id)"} without an ISO 8601 startTime and endTime`, event);
  }
  return withoutUndefined({
    vendor: "leadconnector" as const,
    id,
    start,
    end,
    status: leadConnectorStatus(event.appointmentStatus),
    title: event.title || undefined,
    calendarId: idText(event.calendarId),
    contactId: idText(event.contactId),
    assignedUserId: idText(event.assignedUserId),
    createdAt: parseVendorIso(event.dateAdded),
    updatedAt: parseVendorIso(event.dateUpdated),
    raw: event,
  });
}

/** Whose events to list: the query's own calendar, user or group, else the adapter's calendar, else its user. */
function eventOwners(query: LeadConnectorListFilters, settings: LeadConnectorContext["settings"]) {
  const own = query.calendarId !== undefined || query.userId !== undefined || query.groupId !== undefined;
  const owners = own
    ? { calendarId: optionalText(query.calendarId, "calendarId"), userId: optionalText(query.userId, "userId"), groupId: optionalText(query.groupId, "groupId") }
    : settings.calendarId !== undefined
      ? { calendarId: settings.calendarId }
      : { userId: settings.assignedUserId };
  if (Object.values(owners).every((value) => value === undefined)) {
    throw new ValidationError(
      "calendarId",
      "or userId or groupId is required",
      "Invalid calendarId: HighLevel lists the events of a calendar, a user or a group; give calendarId, userId or groupId (or leadConnectorAdapter({ calendarId }))",
    );
  }
  return withoutUndefined(owners);
}

export function appointmentMembers({ client, settings }: LeadConnectorContext): Pick<
  LeadConnectorAdapter,
  "getAppointment" | "listAppointments" | "createAppointment" | "cancelAppointment"
> {
  return {
    async getAppointment(id, signal) {
      const data = await unwrap(client.GET("/calendars/events/appointments/{eventId}", { params: { path: { eventId: id } }, signal }));
      return toAppointment(data.event, "get-appointment", { id });
    },

    // GET /calendars/events: HighLevel filters by the window itself and answers in one response (it has no pages).
    listAppointments(query, window, options = {}) {
      const locationId = requireText(query.locationId ?? settings.locationId, "locationId", "a HighLevel location id (in the query or leadConnectorAdapter({ locationId }))");
      const owners = eventOwners(query, settings);
      const params = { query: withoutUndefined({ locationId, ...owners, startTime: String(window.from.ms), endTime: String(window.to.ms) }) };
      const { signal } = options;
      return (async function* () {
        const data = await unwrap(client.GET("/calendars/events", { params, signal }));
        if (!Array.isArray(data.events)) throw invalidResponse("leadconnector", "get-calendar-events", "HighLevel returned no events list", data);
        for (const event of data.events) {
          if (signal?.aborted) throw new AbortError("Aborted");
          yield toAppointment(event, "get-calendar-events");
        }
      })();
    },

    // POST /calendars/events/appointments books a new appointment on every call: it is never retried.
    async createAppointment(input, range, signal) {
      const body: Schemas["AppointmentCreateSchema"] = withoutUndefined({
        calendarId: requireText(input.calendarId ?? settings.calendarId, "calendarId", "a HighLevel calendar id (in the input or leadConnectorAdapter({ calendarId }))"),
        locationId: requireText(input.locationId ?? settings.locationId, "locationId", "a HighLevel location id (in the input or leadConnectorAdapter({ locationId }))"),
        contactId: requireText(input.contactId, "contactId", "a HighLevel contact id (HighLevel books an appointment for a contact)"),
        startTime: isoWithOffset(range.start),
        endTime: isoWithOffset(range.end),
        title: optionalText(input.title, "title"),
        assignedUserId: optionalText(input.assignedUserId, "assignedUserId"),
      });
      const data = await unwrap(client.POST("/calendars/events/appointments", { body, signal }));
      return toAppointment(data, "create-appointment", { range });
    },

    // HighLevel documents cancelling as a status: PUT the appointment with appointmentStatus "cancelled" (a PUT, so
    // retried like any idempotent call). The event stays, cancelled.
    async cancelAppointment(id, signal) {
      const body: Schemas["AppointmentEditSchema"] = { appointmentStatus: "cancelled" };
      const raw = await unwrap(client.PUT("/calendars/events/appointments/{eventId}", { params: { path: { eventId: id } }, body, signal }));
      return { vendor: "leadconnector", appointmentId: id, via: "status-change", raw };
    },
  };
}
