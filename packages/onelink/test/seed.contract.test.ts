import { createContractFetch, responseSchemaErrors, violatedFields } from "@crmkit/contract-testing";
import { describe, expect, inject, it } from "vitest";
import { createOneLinkClient } from "../src/index.js";

const baseUrl = inject("mockUrls").onelink;
const client = (fetch = createContractFetch()) => createOneLinkClient({ apiAccessToken: "test-token", baseUrl, fetch, maxRetries: 0 });
const path = "/api/v1/accounts/{account_id}/scheduling/appointments/{id}" as const;

describe("One-Link seed operation: update (PATCH) a scheduling appointment", () => {
  it("sends a request Prism accepts and receives the documented body", async () => {
    const fetch = createContractFetch();
    const { data, error, response } = await client(fetch).PATCH(path, {
      params: { path: { account_id: 1, id: 42 } },
      body: { starts_at: "2026-12-01T10:00:00+05:00", ends_at: "2026-12-01T10:30:00+05:00", status: "confirmed" },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(responseSchemaErrors("onelink", "update-scheduling-appointment", 200, data)).toBeUndefined();
  });

  it("is rejected by Prism when duration_min breaks its minimum, naming the field", async () => {
    const fetch = createContractFetch({ expectViolations: true });
    const { error } = await client(fetch).PATCH(path, {
      params: { path: { account_id: 1, id: 42 } },
      body: { duration_min: 1 },
    });
    expect(error).toBeDefined();
    expect(violatedFields(fetch.last()!)).toContain("body.duration_min");
  });
});
