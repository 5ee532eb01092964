import { describe, expectTypeOf, it } from "vitest";
import { paginate, withPage } from "@crmkit/core";
import { operations } from "../src/generated/operations.js";
import { createLeadConnectorClient, type components } from "../src/index.js";

const client = createLeadConnectorClient({ token: "token" });
const appointment = "/calendars/events/appointments/{eventId}" as const;
const params = { path: { eventId: "ocQHyuzHvysMo5N5VsXc" } };

describe("LeadConnector client types", () => {
  it("infers the documented response of an appointment update", async () => {
    const { data } = await client.PUT(appointment, { params, body: { startTime: "2026-12-01T09:00:00+05:30" } });
    expectTypeOf(data).toEqualTypeOf<components["schemas"]["AppointmentSchemaResponse"] | undefined>();
  });

  it("needs no Version header from the caller", () => {
    // The vendor-header step sends the contract's default; the header parameter stays optional to callers.
    void client.GET("/opportunities/pipelines", { params: { query: { locationId: "C2QujeCh8ZnC7al2InWR" } } });
  });

  it("rejects a typo'd path", () => {
    // @ts-expect-error the path does not exist in the contract
    void client.PUT("/calendars/event/appointments/{eventId}", { params, body: {} });
  });

  it("rejects a wrong enum value", () => {
    // @ts-expect-error "rescheduled" is not an appointment status
    void client.PUT(appointment, { params, body: { appointmentStatus: "rescheduled" } });
  });

  it("rejects a missing required field", () => {
    // @ts-expect-error status is required to update an opportunity's status
    void client.PUT("/opportunities/{id}/status", { params: { path: { id: "x" } }, body: { lostReasonId: "r" } });
  });

  it("rejects a wrong field type", () => {
    // @ts-expect-error monetaryValue is a number
    void client.PUT("/opportunities/{id}", { params: { path: { id: "x" } }, body: { monetaryValue: "220" } });
  });

  it("infers the notes page and the free-slots map", async () => {
    const notes = await client.GET("/calendars/appointments/{appointmentId}/notes", {
      params: { path: { appointmentId: "a" }, query: { limit: 20, offset: 0 } },
    });
    expectTypeOf(notes.data).toEqualTypeOf<components["schemas"]["GetNotesListSuccessfulResponseDto"] | undefined>();
    const slots = await client.GET("/calendars/{calendarId}/free-slots", { params: { path: { calendarId: "c" }, query: { startDate: 1, endDate: 2 } } });
    expectTypeOf(slots.data).toEqualTypeOf<components["schemas"]["FreeSlotsByDay"] | undefined>();
    expectTypeOf<components["schemas"]["FreeSlotsByDay"][string]["slots"]>().toEqualTypeOf<string[]>();
  });

  it("tells the GET and POST opportunity searches apart", async () => {
    const posted = await client.POST("/opportunities/search", {
      body: { locationId: "l", query: "", limit: 20, page: 1, searchAfter: [], additionalDetails: { notes: false, tasks: false, calendarEvents: false, unReadConversations: false } },
    });
    // The POST answer has `total` at the top and no `meta` (that is the GET's shape).
    expectTypeOf<NonNullable<typeof posted.data>>().toHaveProperty("total").toEqualTypeOf<number>();
    expectTypeOf<NonNullable<typeof posted.data>>().not.toHaveProperty("meta");
    // @ts-expect-error additionalDetails is required in the advanced search body
    void client.POST("/opportunities/search", { body: { locationId: "l", query: "", limit: 20, page: 1, searchAfter: [] } });
  });

  it("requires the followers list, also to remove followers", () => {
    void client.DELETE("/opportunities/{id}/followers", { params: { path: { id: "x" }, query: { isRemoveAllFollowers: true } }, body: { followers: [] } });
    // @ts-expect-error followers is required
    void client.POST("/opportunities/{id}/followers", { params: { path: { id: "x" } }, body: {} });
  });

  it("pages a listing into typed items with the generated pagination", () => {
    const meta = operations.find((o) => o.operationId === "get-appointment-notes")!.pagination!;
    const notes = paginate<components["schemas"]["GetNoteSchema"]>(
      async (page, signal) => (await client.GET("/calendars/appointments/{appointmentId}/notes", { ...withPage({ params: { path: { appointmentId: "a" }, query: { limit: 20, offset: 0 } } }, page), signal })).data,
      meta,
    );
    expectTypeOf(notes).toEqualTypeOf<AsyncGenerator<components["schemas"]["GetNoteSchema"], void, undefined>>();
  });
});
