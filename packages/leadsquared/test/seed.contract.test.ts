import { createContractFetch, responseSchemaErrors, violatedFields } from "@crmkit/contract-testing";
import { describe, expect, inject, it } from "vitest";
import { createLeadSquaredClient } from "../src/index.js";

const baseUrl = inject("mockUrls").leadsquared;
const client = (fetch = createContractFetch()) =>
  createLeadSquaredClient({ accessKey: "u$test-access", secretKey: "test-secret", baseUrl, fetch, maxRetries: 0 });
const path = "/v2/Task.svc/BulkUpdateAppointmentTime" as const;

describe("LeadSquared seed operation: bulk update appointment times", () => {
  it("sends a request Prism accepts (keys in headers) and receives the documented body", async () => {
    const fetch = createContractFetch();
    const { data, error, response } = await client(fetch).POST(path, {
      body: {
        TaskList: [
          { UserTaskId: "0aa0b97c-a507-11e8-a43f-02742c1c8abe", FromDate: "2026-12-01 09:30:00", ToDate: "2026-12-01 10:00:00" },
          { UserTaskId: "22a3a4b4-a480-11e8-a43f-02742c1c8abe", FromDate: "2026-12-01 11:00:00", ToDate: "2026-12-01 11:30:00" },
        ],
      },
    });
    expect(response.status).toBe(200);
    // The 200 may carry LeadSquared's `Status: "Error"` envelope (dynamic mode generates both branches): the client
    // must then surface it as `error`, never as `data`.
    expect(responseSchemaErrors("leadsquared", "bulkUpdateAppointmentTime", 200, data ?? error?.body)).toBeUndefined();
    if (error) expect(error.body).toMatchObject({ Status: "Error" });
    else expect(data).toMatchObject({ Status: "Success" });
    const sent = fetch.last()!.url;
    expect(sent).not.toMatch(/accessKey|secretKey/);
  });

  it("is rejected by Prism when a date is not UTC `YYYY-MM-DD HH:MM:SS`, naming the field", async () => {
    const fetch = createContractFetch({ expectViolations: true });
    const { error } = await client(fetch).POST(path, {
      body: { TaskList: [{ UserTaskId: "0aa0b97c-a507-11e8-a43f-02742c1c8abe", FromDate: "2026-12-01T09:30:00Z", ToDate: "2026-12-01 10:00:00" }] },
    });
    expect(error).toBeDefined();
    expect(violatedFields(fetch.last()!)).toContain("body.TaskList.0.FromDate");
  });
});
