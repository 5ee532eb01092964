import { ValidationError } from "@crmkit/core";
import { type SchedulingAdapter, positiveInteger, requireText } from "@crmkit/core/scheduling";
import { createLeadConnectorClient, type LeadConnectorClient, type LeadConnectorClientOptions } from "../index.js";
import { type LeadConnectorBookingFields, type LeadConnectorListFilters, appointmentMembers } from "./appointments.js";
import { type LeadConnectorFreeSlotFilters, freeSlots } from "./free-slots.js";
import { moveMembers } from "./move.js";
import { type MoveOpportunityInput, type Opportunity, moveOpportunity } from "./opportunity.js";

export { leadConnectorStatus } from "./appointments.js";
export type { LeadConnectorBookingFields, LeadConnectorFreeSlotFilters, LeadConnectorListFilters, MoveOpportunityInput, Opportunity };
export type { OpportunityStatus } from "./opportunity.js";

/** Defaults for block-slot moves, listings, bookings and free slots (each call can override them). */
export interface LeadConnectorAdapterSettings {
  /** Location (sub-account) id; HighLevel requires it to list events, book, and update a blocked slot. */
  locationId?: string;
  /** The calendar to list, book and block on, or `assignedUserId` for a user's blocked slots and events; not both. */
  calendarId?: string;
  assignedUserId?: string;
  /**
   * Length of the calendar's slots in minutes. HighLevel's free-slot answer gives start times only; the slot length is a
   * calendar setting outside crmkit's contract, so findFreeSlots needs it here or in the query.
   */
  slotMinutes?: number;
}

/** Client options (to create the client) or `{ client }` (one you made), plus the defaults. */
export type LeadConnectorAdapterOptions = (LeadConnectorClientOptions | { client: LeadConnectorClient }) & LeadConnectorAdapterSettings;

export interface LeadConnectorAdapter
  extends SchedulingAdapter<"leadconnector", LeadConnectorClient, { list: LeadConnectorListFilters; create: LeadConnectorBookingFields; freeSlots: LeadConnectorFreeSlotFilters }> {
  /** PUT /opportunities/{id} with the new stage and/or status. */
  readonly moveOpportunity: (input: MoveOpportunityInput, signal?: AbortSignal) => Promise<Opportunity>;
}

/** What every part of the adapter works with: the client and the adapter's defaults. */
export interface LeadConnectorContext {
  client: LeadConnectorClient;
  settings: LeadConnectorAdapterSettings;
}

/** HighLevel / LeadConnector for `createCrmkit({ leadconnector: leadConnectorAdapter({ token }) })`. */
export function leadConnectorAdapter(options: LeadConnectorAdapterOptions): LeadConnectorAdapter {
  const { locationId, calendarId, assignedUserId, slotMinutes, ...clientOptions } = options ?? ({} as LeadConnectorAdapterOptions);
  if (slotMinutes !== undefined) positiveInteger(slotMinutes, "slotMinutes", "a positive whole number of minutes");
  const client = "client" in clientOptions ? clientOptions.client : createLeadConnectorClient(clientOptions);
  if (typeof client?.PUT !== "function") throw new ValidationError("client", "must be a client from createLeadConnectorClient");
  const context: LeadConnectorContext = { client, settings: { locationId, calendarId, assignedUserId, slotMinutes } };
  const appointmentId = (id: unknown) => requireText(id, "appointmentId", "a HighLevel event id");

  return {
    vendor: "leadconnector",
    client,
    appointmentId,
    chunkSize: 1,
    ...moveMembers(context, appointmentId),
    ...appointmentMembers(context),
    findFreeSlots: (query, window, signal) => freeSlots(context, query, window, signal),
    moveOpportunity: (input, signal) => moveOpportunity(client, input, signal),
  };
}
