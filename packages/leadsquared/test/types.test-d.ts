import { describe, expectTypeOf, it } from "vitest";
import { createLeadSquaredClient, type components } from "../src/index.js";

const client = createLeadSquaredClient({ accessKey: "access", secretKey: "secret" });
const bulk = "/v2/Task.svc/BulkUpdateAppointmentTime" as const;
const task = { UserTaskId: "0aa0b97c-a507-11e8-a43f-02742c1c8abe", FromDate: "2026-12-01 09:30:00", ToDate: "2026-12-01 10:00:00" };

describe("LeadSquared client types", () => {
  it("infers the documented response of a bulk update, error-in-200 included", async () => {
    const { data } = await client.POST(bulk, { body: { TaskList: [task] } });
    expectTypeOf(data).toEqualTypeOf<
      components["schemas"]["BulkJobResponse"] | components["schemas"]["ErrorResponse"] | undefined
    >();
  });

  it("rejects a typo'd path", () => {
    // @ts-expect-error the path does not exist in the contract
    void client.POST("/v2/Task.svc/BulkUpdateAppointmentTimes", { body: { TaskList: [task] } });
  });

  it("rejects a wrong enum value", () => {
    // @ts-expect-error NotifyBy is "1100" or "1000"
    void client.POST("/v2/Task.svc/Update", { body: { UserTaskId: task.UserTaskId, NotifyBy: "1111" } });
  });

  it("rejects a missing required field", () => {
    // @ts-expect-error ToDate is required for every task
    void client.POST(bulk, { body: { TaskList: [{ UserTaskId: task.UserTaskId, FromDate: task.FromDate }] } });
  });

  it("rejects a wrong field type", () => {
    // @ts-expect-error TaskList is an array
    void client.POST(bulk, { body: { TaskList: task } });
  });
});
