import { describe, expectTypeOf, it } from "vitest";
import { createPexipEngageClient } from "../src/index.js";

const client = createPexipEngageClient({ token: "token", enterprise: "acme" });
const settings = "/lead-segments/{id}/scheduling-settings" as const;
const params = { path: { id: "123" } };

describe("Pexip Engage client types", () => {
  it("infers the documented response of the scheduling-settings PUT", async () => {
    const { data } = await client.PUT(settings, { params, body: [{ meetingType: "VIDEO", subjectId: "42" }] });
    expectTypeOf(data!.data[0]!.meetingType).toEqualTypeOf<"OFFICE" | "ON_LOCATION" | "PHONE" | "VIDEO">();
    expectTypeOf(data!.data[0]!.subject.id).toBeString();
  });

  it("rejects a typo'd path", () => {
    // @ts-expect-error the path does not exist in the contract
    void client.PUT("/lead-segment/{id}/scheduling-settings", { params, body: [] });
  });

  it("rejects a wrong enum value", () => {
    // @ts-expect-error "CHAT" is not a meeting type
    void client.PUT(settings, { params, body: [{ meetingType: "CHAT", subjectId: "42" }] });
  });

  it("rejects a missing required field", () => {
    // @ts-expect-error subjectId is required
    void client.PUT(settings, { params, body: [{ meetingType: "VIDEO" }] });
  });

  it("rejects a wrong field type", () => {
    // @ts-expect-error code is a string
    void client.PATCH("/lead-segments/{id}", { params, body: { code: 42 } });
  });

  it("types the defined-availability window and its bracketed array filters", async () => {
    const { data } = await client.GET("/defined-availability", {
      params: { query: { from: "2024-05-06T08:00:00+02:00", to: "2024-05-10T18:00:00+02:00", "office-id": "123", "meeting-type[]": ["VIDEO"] } },
    });
    expectTypeOf(data!.data[0]!.start).toEqualTypeOf<string | undefined>();
    expectTypeOf(data!.data[0]!.maxConcurrentAppointments).toEqualTypeOf<number | undefined>();
    // @ts-expect-error office-id is required
    void client.GET("/defined-availability", { params: { query: { from: "2024-05-06T08:00:00Z", to: "2024-05-10T18:00:00Z" } } });
    // @ts-expect-error "CHAT" is not a meeting type
    void client.GET("/defined-availability", { params: { query: { from: "a", to: "b", "office-id": "1", "meeting-type[]": ["CHAT"] } } });
  });
});
