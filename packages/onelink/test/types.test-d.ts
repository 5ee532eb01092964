import { describe, expectTypeOf, it } from "vitest";
import { createOneLinkClient, type components } from "../src/index.js";

const client = createOneLinkClient({ apiAccessToken: "token" });
const appointment = "/api/v1/accounts/{account_id}/scheduling/appointments/{id}" as const;
const params = { path: { account_id: 1, id: 42 } };

describe("One-Link client types", () => {
  it("infers the documented response of a PATCH", async () => {
    const { data } = await client.PATCH(appointment, { params, body: { starts_at: "2026-12-01T09:00:00+05:00" } });
    expectTypeOf(data).toEqualTypeOf<components["schemas"]["AppointmentResponse"] | undefined>();
  });

  it("rejects a typo'd path", () => {
    // @ts-expect-error the path does not exist in the contract
    void client.PATCH("/api/v1/accounts/{account_id}/scheduling/appointment/{id}", { params, body: {} });
  });

  it("rejects a wrong enum value", () => {
    // @ts-expect-error "done" is not an appointment status
    void client.PATCH(appointment, { params, body: { status: "done" } });
  });

  it("rejects a missing required field", () => {
    // @ts-expect-error client_name is required on create
    void client.POST("/api/v1/accounts/{account_id}/scheduling/appointments", { params: { path: { account_id: 1 } }, body: { resource_id: 1, starts_at: "2026-12-01T09:00:00+05:00", ends_at: "2026-12-01T09:30:00+05:00" } });
  });

  it("rejects a wrong field type", () => {
    // @ts-expect-error money is an integer, not a string
    void client.PATCH(appointment, { params, body: { service_amount: "5000" } });
  });
});
