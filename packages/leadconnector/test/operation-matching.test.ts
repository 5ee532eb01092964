// Every operation of the generated table is found again from a concrete URL, so literal paths (GET and POST
// /opportunities/search, /opportunities/lost-reason) are never taken for `/opportunities/{id}` and each request gets
// its own retry rules, headers and pagination.
import { describe, expect, it } from "vitest";
import { operations } from "../src/generated/operations.js";
import { createLeadConnectorClient } from "../src/index.js";

describe("LeadConnector operation matching", () => {
  it.each(operations.map((o) => [`${o.method} ${o.path}`, o] as const))("%s is matched to its own operation", async (_, operation) => {
    const matched: (string | undefined)[] = [];
    const client = createLeadConnectorClient({
      token: "test-token",
      rateLimit: false,
      maxRetries: 0,
      fetch: async () => new Response("{}", { status: 200, headers: { "content-type": "application/json" } }),
      onAttempt: (event) => matched.push(event.operationId),
    });
    const pathParams = Object.fromEntries([...operation.path.matchAll(/{([^}]+)}/g)].map(([, name]) => [name, "Ab12Cd34"]));
    const call = (client as unknown as Record<string, (path: string, init: object) => Promise<unknown>>)[operation.method]!;
    await call(operation.path, { params: { path: pathParams }, ...(operation.method === "GET" ? {} : { body: {} }) });
    expect(matched).toEqual([operation.operationId]);
  });
});
