import { createContractFetch, responseSchemaErrors, violatedFields } from "@crmkit/contract-testing";
import { describe, expect, inject, it } from "vitest";
import { createPexipEngageClient } from "../src/index.js";

const baseUrl = inject("mockUrls")["pexip-engage"];
const client = (fetch = createContractFetch()) => createPexipEngageClient({ token: "test-token", enterprise: "acme", baseUrl, fetch, maxRetries: 0 });

describe("Pexip Engage seed operation: replace a lead segment's scheduling settings", () => {
  it("sends a request Prism accepts and receives the documented body", async () => {
    const fetch = createContractFetch();
    const { data, error, response } = await client(fetch).PUT("/lead-segments/{id}/scheduling-settings", {
      params: { path: { id: "123" } },
      body: [
        { meetingType: "VIDEO", subjectId: "42" },
        { meetingType: "OFFICE", subjectId: "43" },
      ],
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(responseSchemaErrors("pexip-engage", "updateLeadSegmentSchedulingSettings", 200, data)).toBeUndefined();
    expect(fetch.last()!.headers.get("sl-violations")).toBeNull();
  });

  it("is rejected by Prism when a meeting type is not in the enum, naming the field", async () => {
    const fetch = createContractFetch({ expectViolations: true });
    const { error } = await client(fetch).PUT("/lead-segments/{id}/scheduling-settings", {
      params: { path: { id: "123" } },
      // @ts-expect-error deliberately outside the documented enum
      body: [{ meetingType: "CHAT", subjectId: "42" }],
    });
    expect(error).toBeDefined();
    expect(violatedFields(fetch.last()!)).toContain("body.0.meetingType");
  });
});
