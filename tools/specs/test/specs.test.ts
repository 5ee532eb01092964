import { describe, expect, it } from "vitest";
import { listOperations, listWebhooks, loadSpec, vendors } from "../load-specs.mjs";
import { collectExamples, validateExamples } from "../validate-examples.mjs";

describe.each(vendors)("%s contract", (vendor) => {
  const spec = loadSpec(vendor);
  const operations = listOperations(spec);

  it("is OpenAPI 3.1 with a server", () => {
    expect(spec.openapi).toMatch(/^3\.1\./);
    expect(spec.servers?.[0]?.url).toMatch(/^https:\/\//);
  });

  it("gives every operation and webhook a unique operationId", () => {
    const ids = [...operations, ...listWebhooks(spec)].map((o) => o.operationId);
    expect(ids.filter((id) => !id)).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("gives every documented response status a schema", () => {
    const missing = operations.flatMap(({ operationId, operation }) =>
      Object.entries(operation.responses ?? {})
        .filter(([status, response]: [string, any]) => {
          const r = response.$ref ? resolve(spec, response.$ref) : response;
          return status !== "204" && !r?.content?.["application/json"]?.schema;
        })
        .map(([status]) => `${operationId} ${status}`),
    );
    expect(missing).toEqual([]);
  });

  it("has an example for every request body and every JSON response", () => {
    const where = [...collectExamples(spec)].map((e) => e.where);
    const missing = operations.flatMap(({ operationId, operation }) => {
      const holes: string[] = [];
      const body = operation.requestBody?.$ref ? resolve(spec, operation.requestBody.$ref) : operation.requestBody;
      if (body?.content?.["application/json"] && !where.some((w) => w.startsWith(`${operationId} request`))) holes.push(`${operationId} request`);
      for (const [status, response] of Object.entries<any>(operation.responses ?? {})) {
        const r = response.$ref ? resolve(spec, response.$ref) : response;
        if (r?.content && !where.some((w) => w.startsWith(`${operationId} response ${status} `))) holes.push(`${operationId} ${status}`);
      }
      return holes;
    });
    expect(missing).toEqual([]);
  });

  it("gives every webhook a payload with an example, a summary, a description and a tag", () => {
    const where = [...collectExamples(spec)].map((e) => e.where);
    const holes = listWebhooks(spec).flatMap(({ name, operationId, operation }) => {
      const missing: string[] = [];
      if (!operation.requestBody?.content) missing.push(`${name}: payload`);
      else if (!where.some((w) => w.startsWith(`${operationId} request `))) missing.push(`${name}: example`);
      for (const key of ["summary", "description", "tags"]) if (!operation[key]) missing.push(`${name}: ${key}`);
      return missing;
    });
    expect(holes).toEqual([]);
  });

  it("has only examples that validate against their schemas (Ajv, JSON Schema 2020-12)", () => {
    const { count, failures } = validateExamples(spec);
    expect(count).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  });
});

describe("example validation", () => {
  it("catches an example that contradicts its schema", () => {
    const spec = {
      openapi: "3.1.0",
      paths: {
        "/x": {
          get: {
            operationId: "getX",
            responses: {
              200: {
                content: {
                  "application/json": {
                    schema: { $ref: "#/components/schemas/X" },
                    examples: { bad: { value: { id: 42 } } },
                  },
                },
              },
            },
          },
        },
      },
      components: { schemas: { X: { type: "object", required: ["id"], properties: { id: { type: "string" } } } } },
    };
    const { failures } = validateExamples(spec);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.where).toContain("getX response 200");
    expect(failures[0]!.errors).toContain("must be string");
  });
});

describe("webhook example validation", () => {
  it("validates webhook payload examples too, naming the webhook", () => {
    const spec = {
      openapi: "3.1.0",
      webhooks: {
        ThingCreated: {
          post: {
            operationId: "receiveThingCreated",
            requestBody: {
              content: {
                "application/json": {
                  schema: { type: "object", required: ["type"], properties: { type: { const: "ThingCreated" } } },
                  examples: { good: { value: { type: "ThingCreated" } }, bad: { value: { type: "ThingDeleted" } } },
                },
              },
            },
          },
        },
      },
    };
    const { count, failures } = validateExamples(spec);
    expect(count).toBe(2);
    expect(failures.map((f) => f.where)).toEqual(['receiveThingCreated request application/json example "bad"']);
  });
});

function resolve(spec: any, ref: string): any {
  return ref.slice(2).split("/").reduce((o, k) => o?.[k], spec);
}
