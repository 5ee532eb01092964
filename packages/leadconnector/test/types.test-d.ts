import { describe, expectTypeOf, it } from "vitest";
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
});
