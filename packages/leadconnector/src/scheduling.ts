// @crmkit/leadconnector/scheduling: HighLevel's appointments and blocked slots for crmkit's scheduling facade.
import { ValidationError, unwrap } from "@crmkit/core";
import { type SchedulingAdapter, invalidResponse, isoMove, mapStatus, parseVendorIso, requireText, result, sendEach } from "@crmkit/core/scheduling";
import { createLeadConnectorClient, type LeadConnectorClient, type LeadConnectorClientOptions, type components } from "./index.js";

type Schemas = components["schemas"];

/** Defaults for block-slot moves (a move can override each). */
export interface LeadConnectorAdapterSettings {
  /** Location (sub-account) id; HighLevel requires it to update a blocked slot. */
  locationId?: string;
  /** The calendar whose slots are blocked, or `assignedUserId` for a user's; not both. */
  calendarId?: string;
  assignedUserId?: string;
}

/** Client options (to create the client) or `{ client }` (one you made), plus block-slot defaults. */
export type LeadConnectorAdapterOptions = (LeadConnectorClientOptions | { client: LeadConnectorClient }) & LeadConnectorAdapterSettings;

export type OpportunityStatus = Exclude<Schemas["OpportunityStatus"], "all">;
export interface MoveOpportunityInput {
  id: string;
  /** Stage to move to. */
  pipelineStageId?: string;
  /** Needed when the stage belongs to another pipeline. */
  pipelineId?: string;
  status?: OpportunityStatus;
}
export type Opportunity = Schemas["SearchOpportunitiesResponseSchema"];

export interface LeadConnectorAdapter extends SchedulingAdapter<"leadconnector", LeadConnectorClient> {
  /** PUT /opportunities/{id} with the new stage and/or status. */
  readonly moveOpportunity: (input: MoveOpportunityInput, signal?: AbortSignal) => Promise<Opportunity>;
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
const opportunityStatuses: readonly string[] = ["open", "won", "lost", "abandoned"];

type AppointmentRequest = { eventId: string; body: Schemas["AppointmentEditSchema"] };
type BlockSlotRequest = { eventId: string; body: Schemas["BlockSlotEditRequestDTO"] };

/** HighLevel / LeadConnector for `createCrmkit({ leadconnector: leadConnectorAdapter({ token }) })`. */
export function leadConnectorAdapter(options: LeadConnectorAdapterOptions): LeadConnectorAdapter {
  const { locationId, calendarId, assignedUserId, ...clientOptions } = options ?? ({} as LeadConnectorAdapterOptions);
  const client = "client" in clientOptions ? clientOptions.client : createLeadConnectorClient(clientOptions);
  if (typeof client?.PUT !== "function") throw new ValidationError("client", "must be a client from createLeadConnectorClient");
  const appointmentId = (id: unknown) => requireText(id, "appointmentId", "a HighLevel event id");

  return {
    vendor: "leadconnector",
    client,
    appointmentId,
    prepare(input, range) {
      const id = appointmentId(input.appointmentId);
      const kind = input.kind ?? "appointment";
      if (kind !== "appointment" && kind !== "block-slot") {
        throw new ValidationError("kind", 'must be "appointment" or "block-slot"', `Invalid kind: "${String(kind)}"; expected "appointment" or "block-slot"`);
      }
      const move = isoMove("leadconnector", input, id, range);
      const times = { startTime: move.sent.start, endTime: move.sent.end };
      if (kind === "appointment") return { ...move, request: { eventId: id, body: times } satisfies AppointmentRequest };

      const location = requireText(input.locationId ?? locationId, "locationId", "a HighLevel location id (in the move or in leadConnectorAdapter({ locationId })) for a block slot");
      // The move's own target replaces the adapter's default as a whole, so a move for a user never inherits a calendar.
      const own = input.calendarId !== undefined || input.assignedUserId !== undefined;
      const calendar = own ? input.calendarId : calendarId,
        user = own ? input.assignedUserId : assignedUserId;
      if ((calendar === undefined) === (user === undefined)) {
        throw new ValidationError(
          "calendarId",
          "exactly one of calendarId or assignedUserId is required for a block slot",
          `Invalid calendarId: a HighLevel block slot needs calendarId or assignedUserId, ${calendar === undefined ? "got neither" : "not both"}`,
        );
      }
      const target = calendar !== undefined ? { calendarId: requireText(calendar, "calendarId") } : { assignedUserId: requireText(user, "assignedUserId") };
      return { ...move, request: { eventId: id, body: { locationId: location, ...target, ...times } } satisfies BlockSlotRequest };
    },
    chunkSize: 1,
    send: sendEach(async (move, signal) => {
      const { eventId, body } = move.request as AppointmentRequest & BlockSlotRequest;
      const params = { path: { eventId } };
      const raw =
        move.kind === "block-slot"
          ? await unwrap(client.PUT("/calendars/events/block-slots/{eventId}", { params, body, signal }))
          : await unwrap(client.PUT("/calendars/events/appointments/{eventId}", { params, body, signal }));
      return result(move, raw);
    }),
    async getAppointment(id, signal) {
      const data = await unwrap(client.GET("/calendars/events/appointments/{eventId}", { params: { path: { eventId: id } }, signal }));
      const event = data.event,
        start = parseVendorIso(event?.startTime),
        end = parseVendorIso(event?.endTime);
      if (!event || !start || !end) {
        throw invalidResponse("leadconnector", "get-appointment", `HighLevel returned event ${id} without an ISO 8601 startTime and endTime`, data);
      }
      return { vendor: "leadconnector", id: event.id || id, start, end, status: leadConnectorStatus(event.appointmentStatus), raw: event };
    },
    async moveOpportunity(input, signal) {
      if (typeof input !== "object" || input === null) throw new ValidationError("input", "must be an object with id and pipelineStageId and/or status");
      const id = requireText(input.id, "id", "a HighLevel opportunity id");
      const body: Schemas["UpdateOpportunityDto"] = {};
      if (input.pipelineId !== undefined) body.pipelineId = requireText(input.pipelineId, "pipelineId");
      if (input.pipelineStageId !== undefined) body.pipelineStageId = requireText(input.pipelineStageId, "pipelineStageId");
      if (input.status !== undefined) {
        if (!opportunityStatuses.includes(input.status)) {
          throw new ValidationError("status", `must be one of ${opportunityStatuses.join(", ")}`, `Invalid status: "${String(input.status)}"; expected one of ${opportunityStatuses.join(", ")}`);
        }
        body.status = input.status;
      }
      if (body.pipelineStageId === undefined && body.status === undefined) {
        throw new ValidationError("pipelineStageId", "or status is required", "Invalid pipelineStageId: give pipelineStageId and/or status to move an opportunity");
      }
      const data = await unwrap(client.PUT("/opportunities/{id}", { params: { path: { id } }, body, signal }));
      if (!data.opportunity) throw invalidResponse("leadconnector", "update-opportunity", `HighLevel returned no opportunity for ${id}`, data);
      return data.opportunity;
    },
  };
}
export { environment } from "./environment.js";
