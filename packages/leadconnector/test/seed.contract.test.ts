import { createContractFetch, responseSchemaErrors, violatedFields, violationsOf } from "@crmkit/contract-testing";
import { describe, expect, inject, it } from "vitest";
import { createLeadConnectorClient } from "../src/index.js";

const baseUrl = inject("mockUrls").leadconnector;
const client = (fetch = createContractFetch()) => createLeadConnectorClient({ token: "test-token", baseUrl, fetch, maxRetries: 0 });

describe("LeadConnector seed operation: update a block slot", () => {
  const path = "/calendars/events/block-slots/{eventId}" as const;

  it("sends a request Prism accepts (Version header added for the caller) and receives the documented body", async () => {
    const fetch = createContractFetch();
    const { data, error, response } = await client(fetch).PUT(path, {
      params: { path: { eventId: "0TkCdp9PfvLeWKYRRvIz" } },
      body: {
        calendarId: "CVokAlI8fgw4WYWoCtQz",
        locationId: "C2QujeCh8ZnC7al2InWR",
        title: "Team offsite",
        startTime: "2026-12-01T09:00:00+05:30",
        endTime: "2026-12-01T10:00:00+05:30",
      },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(201);
    expect(responseSchemaErrors("leadconnector", "edit-block-slot", 201, data)).toBeUndefined();
  });

  it("is rejected by Prism when neither calendarId nor assignedUserId is set, naming the fields", async () => {
    const fetch = createContractFetch({ expectViolations: true });
    const { error } = await client(fetch).PUT(path, {
      params: { path: { eventId: "0TkCdp9PfvLeWKYRRvIz" } },
      body: { locationId: "C2QujeCh8ZnC7al2InWR", title: "No target" },
    });
    expect(error).toBeDefined();
    expect(violationsOf(fetch.last()!).map((v) => v.message).join(" ")).toMatch(/calendarId/);
  });
});

describe("LeadConnector seed operation: update an opportunity", () => {
  const path = "/opportunities/{id}" as const;

  it("sends a request Prism accepts and receives the documented body", async () => {
    const fetch = createContractFetch();
    const { data, error, response } = await client(fetch).PUT(path, {
      params: { path: { id: "yWQobCRIhRguQtD2llvk" } },
      body: { pipelineStageId: "7915dedc-8f18-44d5-8bc3-77c04e994a10", status: "won", monetaryValue: 220 },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(responseSchemaErrors("leadconnector", "update-opportunity", 200, data)).toBeUndefined();
  });

  it("is rejected by Prism when status is outside its enum, naming the field", async () => {
    const fetch = createContractFetch({ expectViolations: true });
    const { error } = await client(fetch).PUT(path, {
      params: { path: { id: "yWQobCRIhRguQtD2llvk" } },
      // @ts-expect-error deliberately outside the documented enum
      body: { status: "closed" },
    });
    expect(error).toBeDefined();
    expect(violatedFields(fetch.last()!)).toContain("body.status");
  });
});
