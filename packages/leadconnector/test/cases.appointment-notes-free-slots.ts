// Contract cases for the calendar operations beyond events: appointment notes and free slots (merged into cases.ts).
import { removeBody, setBodyField, setQuery, viaClient, type LiveCase, type OperationCase, type RuleCase } from "@crmkit/contract-testing";
import type { LeadConnectorClient as C } from "../src/index.js";

const appointmentId = "ocQHyuzHvysMo5N5VsXc";
const noteId = "HGPcayliwcdoUFzvbTok";
const calendarId = "ocQHyuzHvysMo5N5VsXc";
const notes = "/calendars/appointments/{appointmentId}/notes" as const;
const note = "/calendars/appointments/{appointmentId}/notes/{noteId}" as const;
const noteBody = { userId: "GCs5KuzPqTls7vWclkEV", body: "Customer asked to bring the signed contract." };
const freeSlots = "/calendars/{calendarId}/free-slots" as const;
const window = { startDate: 1730073600000, endDate: 1730246399999 };

export const notesAndSlotsOperations = {
  "get-appointment-notes": (c, headers) => c.GET(notes, { params: { path: { appointmentId }, query: { limit: 10, offset: 0 } }, headers }),
  "create-appointment-note": (c, headers) => c.POST(notes, { params: { path: { appointmentId } }, body: noteBody, headers }),
  "update-appointment-note": (c, headers) => c.PUT(note, { params: { path: { appointmentId, noteId } }, body: { body: "Contract received." }, headers }),
  "delete-appointment-note": (c, headers) => c.DELETE(note, { params: { path: { appointmentId, noteId } }, headers }),
  "get-slots": (c, headers) =>
    c.GET(freeSlots, {
      params: { path: { calendarId }, query: { ...window, timezone: "America/Chihuahua", userIds: ["082goXVW3lIExEQPOnd3", "YlWd2wuCAZQzh2cH1fVZ"] } },
      headers,
    }),
} satisfies Record<string, OperationCase<C>>;

const tooLongNote = "x".repeat(5001);

export const notesAndSlotsRules: RuleCase<C>[] = [
  ["get-appointment-notes", "minLength", "path.appointmentId", viaClient((c) => c.GET(notes, { params: { path: { appointmentId: "" }, query: { limit: 10, offset: 0 } } }))],
  ["get-appointment-notes", "required", "query.limit", setQuery("limit", undefined)],
  ["get-appointment-notes", "maximum", "query.limit", setQuery("limit", "21")],
  ["get-appointment-notes", "required", "query.offset", setQuery("offset", undefined)],
  ["get-appointment-notes", "minimum", "query.offset", setQuery("offset", "-1")],

  ["create-appointment-note", "minLength", "path.appointmentId", viaClient((c) => c.POST(notes, { params: { path: { appointmentId: "" } }, body: noteBody }))],
  ["create-appointment-note", "required", "body", removeBody()],
  ["create-appointment-note", "required", "body.body", setBodyField("body", undefined)],
  ["create-appointment-note", "maxLength", "body.body", setBodyField("body", tooLongNote)],

  ["update-appointment-note", "minLength", "path.appointmentId", viaClient((c) => c.PUT(note, { params: { path: { appointmentId: "", noteId } }, body: noteBody }))],
  ["update-appointment-note", "minLength", "path.noteId", viaClient((c) => c.PUT(note, { params: { path: { appointmentId, noteId: "" } }, body: noteBody }))],
  ["update-appointment-note", "required", "body", removeBody()],
  ["update-appointment-note", "required", "body.body", setBodyField("body", undefined)],
  ["update-appointment-note", "maxLength", "body.body", setBodyField("body", tooLongNote)],

  ["delete-appointment-note", "minLength", "path.appointmentId", viaClient((c) => c.DELETE(note, { params: { path: { appointmentId: "", noteId } } }))],
  ["delete-appointment-note", "minLength", "path.noteId", viaClient((c) => c.DELETE(note, { params: { path: { appointmentId, noteId: "" } } }))],

  ["get-slots", "minLength", "path.calendarId", viaClient((c) => c.GET(freeSlots, { params: { path: { calendarId: "" }, query: window } }))],
  ["get-slots", "required", "query.startDate", setQuery("startDate", undefined)],
  ["get-slots", "required", "query.endDate", setQuery("endDate", undefined)],
];

const day = 86_400_000;

export const notesAndSlotsLive: Record<string, LiveCase<C>> = {
  "get-appointment-notes": {
    needs: ["CRMKIT_LIVE_LEADCONNECTOR_EVENT_ID"],
    call: (c, env) => c.GET(notes, { params: { path: { appointmentId: env.CRMKIT_LIVE_LEADCONNECTOR_EVENT_ID! }, query: { limit: 20, offset: 0 } } }),
  },
  "get-slots": {
    needs: ["CRMKIT_LIVE_LEADCONNECTOR_CALENDAR_ID"],
    call: (c, env) =>
      c.GET(freeSlots, { params: { path: { calendarId: env.CRMKIT_LIVE_LEADCONNECTOR_CALENDAR_ID! }, query: { startDate: Date.now(), endDate: Date.now() + 7 * day } } }),
  },
};
