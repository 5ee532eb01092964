import { describe, expect, it } from "vitest";
import { listOperations, loadSpec, vendors } from "../load-specs.mjs";
import { collectExamples, validateExamples } from "../validate-examples.mjs";

describe.each(vendors)("%s contract", (vendor) => {
  const spec = loadSpec(vendor);
  const operations = listOperations(spec);

  it("is OpenAPI 3.1 with a server", () => {
    expect(spec.openapi).toMatch(/^3\.1\./);
    expect(spec.servers?.[0]?.url).toMatch(/^https:\/\//);
  });

  it("gives every operation a unique operationId", () => {
    const ids = operations.map((o) => o.operationId);
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

function resolve(spec: any, ref: string): any {
  return ref.slice(2).split("/").reduce((o, k) => o?.[k], spec);
}
