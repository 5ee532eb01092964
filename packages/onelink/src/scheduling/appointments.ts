// Reading, listing, booking and cancelling One-Link appointments, in crmkit's one appointment shape.
import { AbortError, ValidationError, unwrap } from "@crmkit/core";
import {
  type Appointment,
  type Instant,
  idText,
  invalidResponse,
  isoWithOffset,
  mapStatus,
  parseVendorIso,
  positiveInteger,
  requireText,
  withoutUndefined,
} from "@crmkit/core/scheduling";
import type { components } from "../index.js";
import type { OneLinkAdapter, OneLinkContext } from "./adapter.js";

type Schemas = components["schemas"];

/** listAppointments' One-Link filter. */
export interface OneLinkListFilters {
  /** Only the appointments of this resource (specialist), or of these; every resource's when absent. */
  resourceId?: number | string | readonly (number | string)[];
}

/** createAppointment's One-Link fields. One-Link appointments have no title. */
export interface OneLinkBookingFields {
  /** The resource (specialist) to book. */
  resourceId: number | string;
  /** The client's display name (One-Link requires it). */
  clientName: string;
  /** A One-Link contact id. */
  contactId?: number | string;
  /** A service the resource offers; its price becomes the appointment's amount. */
  serviceId?: number | string;
  /**
   * Makes the booking safe to retry: One-Link answers a repeated key with the appointment it already booked. crmkit
   * generates one (a random UUID) when absent and returns it as `idempotencyKey`.
   */
  idempotencyKey?: string;
  title?: never;
}

/** One-Link's statuses are crmkit's own set; anything else is `unknown`. */
export const oneLinkStatus = (status: unknown) =>
  mapStatus({ scheduled: "scheduled", confirmed: "confirmed", completed: "completed", cancelled: "cancelled", no_show: "no_show" }, status);

/**
 * A One-Link appointment in crmkit's shape: `title` from the service (`service_name_snapshot`), `calendarId` from
 * `resource_id` (the specialist booked), `contactId`, `assignedUserId` from `owner_id`, `created_at`/`updated_at`.
 * `known` fills what an answer might leave out (the id read, the range booked).
 */
function toAppointment(appointment: Partial<Schemas["Appointment"]> | undefined, operationId: string, known: { id?: string; range?: { start: Instant; end: Instant } } = {}): Appointment<"onelink"> {
  const id = idText(appointment?.id) ?? known.id,
    start = parseVendorIso(appointment?.starts_at) ?? (known.range && new Date(known.range.start.ms)),
    end = parseVendorIso(appointment?.ends_at) ?? (known.range && new Date(known.range.end.ms));
  if (!appointment || !id || !start || !end) {
    throw invalidResponse("onelink", operationId, `One-Link returned appointment ${id ?? "(no id)"} without ISO 8601 starts_at and ends_at`, appointment);
  }
  return withoutUndefined({
    vendor: "onelink" as const,
    id,
    start,
    end,
    status: oneLinkStatus(appointment.status),
    title: appointment.service_name_snapshot || undefined,
    calendarId: idText(appointment.resource_id),
    contactId: idText(appointment.contact_id),
    assignedUserId: idText(appointment.owner_id),
    createdAt: parseVendorIso(appointment.created_at),
    updatedAt: parseVendorIso(appointment.updated_at),
    raw: appointment,
  });
}

const integer = (value: unknown, field: string, what: string) => positiveInteger(value, field, what, true);

export function appointmentMembers({ client, account }: OneLinkContext): Pick<OneLinkAdapter, "getAppointment" | "listAppointments" | "createAppointment" | "cancelAppointment"> {
  const path = (id: string) => ({ path: { account_id: account, id: Number(id) } });
  return {
    async getAppointment(id, signal) {
      const data = await unwrap(client.GET("/api/v1/accounts/{account_id}/scheduling/appointments/{id}", { params: path(id), signal }));
      return toAppointment(data.payload, "get-scheduling-appointment", { id });
    },

    // One-Link filters on starts_at itself (from inclusive, to exclusive) and answers in one response (no pages).
    listAppointments(query, window, options = {}) {
      const many = Array.isArray(query.resourceId);
      const resources =
        query.resourceId === undefined
          ? undefined
          : (many ? (query.resourceId as readonly (number | string)[]) : [query.resourceId as number | string]).map((r, i) =>
              integer(r, many ? `resourceId[${i}]` : "resourceId", "a One-Link resource id (a positive integer)"),
            );
      if (resources?.length === 0) throw new ValidationError("resourceId", "must name at least one resource", "Invalid resourceId: give at least one One-Link resource id, or none for every resource");
      const params = {
        path: { account_id: account },
        query: { from: isoWithOffset(window.from), to: isoWithOffset(window.to), ...(resources ? { resource_ids: resources.join(",") } : {}) },
      };
      const { signal } = options;
      return (async function* () {
        const data = await unwrap(client.GET("/api/v1/accounts/{account_id}/scheduling/appointments", { params, signal }));
        if (!Array.isArray(data.payload)) throw invalidResponse("onelink", "list-scheduling-appointments", "One-Link returned no appointment list", data);
        for (const appointment of data.payload) {
          if (signal?.aborted) throw new AbortError("Aborted");
          yield toAppointment(appointment, "list-scheduling-appointments");
        }
      })();
    },

    // Retried like any call whose contract makes it safe: the idempotency key is always sent.
    async createAppointment(input, range, signal) {
      if (input.title !== undefined) {
        throw new ValidationError("title", "is not supported by One-Link", "Invalid title: One-Link appointments have no title (the service names them)");
      }
      const idempotencyKey = input.idempotencyKey === undefined ? crypto.randomUUID() : requireText(input.idempotencyKey, "idempotencyKey");
      const body: Schemas["AppointmentCreateRequest"] = withoutUndefined({
        resource_id: integer(input.resourceId, "resourceId", "a One-Link resource id (a positive integer)"),
        client_name: requireText(input.clientName, "clientName", "the client's name (One-Link requires it)"),
        contact_id: input.contactId === undefined ? undefined : integer(input.contactId, "contactId", "a One-Link contact id (a positive integer)"),
        service_id: input.serviceId === undefined ? undefined : integer(input.serviceId, "serviceId", "a One-Link service id (a positive integer)"),
        starts_at: isoWithOffset(range.start),
        ends_at: isoWithOffset(range.end),
        idempotency_key: idempotencyKey,
      });
      const data = await unwrap(client.POST("/api/v1/accounts/{account_id}/scheduling/appointments", { params: { path: { account_id: account } }, body, signal }));
      return { ...toAppointment(data.payload, "create-scheduling-appointment", { range }), idempotencyKey };
    },

    // One-Link's own cancel call: the appointment stays, cancelled, and its slot is freed. Safe to retry.
    async cancelAppointment(id, signal) {
      const raw = await unwrap(client.POST("/api/v1/accounts/{account_id}/scheduling/appointments/{id}/cancel", { params: path(id), signal }));
      return { vendor: "onelink", appointmentId: id, via: "cancel-call", raw };
    },
  };
}
