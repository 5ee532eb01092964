// Moving an appointment or a blocked slot: PUT /calendars/events/appointments|block-slots/{eventId}.
import { ValidationError, unwrap } from "@crmkit/core";
import { type SchedulingAdapter, isoMove, requireText, result, sendEach } from "@crmkit/core/scheduling";
import type { components } from "../index.js";
import type { LeadConnectorContext } from "./adapter.js";

type Schemas = components["schemas"];
type AppointmentRequest = { eventId: string; body: Schemas["AppointmentEditSchema"] };
type BlockSlotRequest = { eventId: string; body: Schemas["BlockSlotEditRequestDTO"] };

export function moveMembers(
  { client, settings }: LeadConnectorContext,
  appointmentId: (id: unknown) => string,
): Pick<SchedulingAdapter<"leadconnector">, "prepare" | "send"> {
  return {
    prepare(input, range) {
      const id = appointmentId(input.appointmentId);
      const kind = input.kind ?? "appointment";
      if (kind !== "appointment" && kind !== "block-slot") {
        throw new ValidationError("kind", 'must be "appointment" or "block-slot"', `Invalid kind: "${String(kind)}"; expected "appointment" or "block-slot"`);
      }
      const move = isoMove("leadconnector", input, id, range);
      const times = { startTime: move.sent.start, endTime: move.sent.end };
      if (kind === "appointment") return { ...move, request: { eventId: id, body: times } satisfies AppointmentRequest };

      const location = requireText(
        input.locationId ?? settings.locationId,
        "locationId",
        "a HighLevel location id (in the move or in leadConnectorAdapter({ locationId })) for a block slot",
      );
      // The move's own target replaces the adapter's default as a whole, so a move for a user never inherits a calendar.
      const own = input.calendarId !== undefined || input.assignedUserId !== undefined;
      const calendar = own ? input.calendarId : settings.calendarId,
        user = own ? input.assignedUserId : settings.assignedUserId;
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
    send: sendEach(async (move, signal) => {
      const { eventId, body } = move.request as AppointmentRequest & BlockSlotRequest;
      const params = { path: { eventId } };
      const raw =
        move.kind === "block-slot"
          ? await unwrap(client.PUT("/calendars/events/block-slots/{eventId}", { params, body, signal }))
          : await unwrap(client.PUT("/calendars/events/appointments/{eventId}", { params, body, signal }));
      return result(move, raw);
    }),
  };
}
