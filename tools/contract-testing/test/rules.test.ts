import { describe, expect, it } from "vitest";
import { namesField, operationsOfSpec, requestRulesOfSpec, ruleKey, violationField, type Violation } from "../src/index.js";

// A small spec with one of each construct the vendor specs use to declare rules.
const spec = {
  openapi: "3.1.0",
  paths: {
    "/things/{id}": {
      parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", minLength: 1 } }],
      put: {
        operationId: "put-thing",
        parameters: [
          { name: "Version", in: "header", required: true, schema: { type: "string", enum: ["2021-07-28"] } },
          { name: "limit", in: "query", schema: { type: "number", maximum: 100 } },
        ],
        requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } } },
      },
      get: { operationId: "get-thing" },
    },
  },
  components: {
    schemas: {
      Day: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" },
      Thing: {
        type: "object",
        required: ["name"],
        additionalProperties: false,
        properties: {
          name: { type: "string", minLength: 1 },
          day: { $ref: "#/components/schemas/Day", description: "a sibling of $ref" },
          tags: { type: "array", minItems: 1, items: { type: "string", format: "uuid" } },
          kind: { type: "integer", enum: [0, 1] },
          relatedId: { type: "string" },
          note: { anyOf: [{ type: "string", maxLength: 5 }, { type: "null" }] },
          value: { anyOf: [{ $ref: "#/components/schemas/Day" }, { type: "object", required: ["id"], title: "WithId" }] },
        },
        not: { required: ["a", "b"] },
        oneOf: [
          { required: ["x"], not: { required: ["y"] } },
          { required: ["y"], not: { required: ["x"] } },
        ],
        if: { required: ["kind"], properties: { kind: { enum: [1] } } },
        then: { required: ["relatedId"] },
      },
    },
  },
};

describe("requestRulesOfSpec", () => {
  const rules = requestRulesOfSpec(spec, operationsOfSpec(spec, "onelink"));
  const keys = rules.map(ruleKey);

  it("lists every rule on parameters and body, with path-item parameters, $ref siblings, arrays and branches", () => {
    expect(keys).toEqual([
      "get-thing | minLength | path.id",
      "put-thing | minLength | path.id",
      "put-thing | required | header.Version",
      "put-thing | enum | header.Version",
      "put-thing | maximum | query.limit",
      "put-thing | required | body",
      "put-thing | additionalProperties | body",
      "put-thing | required | body.name",
      "put-thing | minLength | body.name",
      "put-thing | pattern | body.day",
      "put-thing | minItems | body.tags",
      "put-thing | format | body.tags[]",
      "put-thing | enum | body.kind",
      "put-thing | maxLength | body.note",
      "put-thing | pattern (anyOf Day) | body.value",
      "put-thing | required (anyOf WithId) | body.value.id",
      "put-thing | mutually exclusive | body.{a,b}",
      "put-thing | one of required | body.{x,y}",
      "put-thing | mutually exclusive | body.{x,y}",
      "put-thing | required (if kind is 1) | body.relatedId",
    ]);
  });

  it("says what each rule demands", () => {
    expect(rules.find((r) => r.field === "header.Version" && r.rule === "enum")?.detail).toBe("2021-07-28");
    expect(rules.find((r) => r.field === "body.day")?.detail).toBe("^\\d{4}-\\d{2}-\\d{2}$");
  });
});

const violation = (location: (string | number)[], code: string, message: string): Violation => ({ location, code, message, severity: "Error" });

describe("namesField", () => {
  it("reads array indices as [] and drops Prism's leading 'request'", () => {
    expect(violationField(violation(["request", "body", "TaskList", "0", "FromDate"], "pattern", "x"))).toBe("body.TaskList[].FromDate");
  });

  it("matches a finding at the field, case-insensitively (Prism lower-cases header and query names)", () => {
    expect(namesField([violation(["request", "query", "starttime"], "pattern", "must match")], "query.startTime")).toBe(true);
    expect(namesField([violation(["request", "query", "endtime"], "pattern", "must match")], "query.startTime")).toBe(false);
  });

  it("matches a missing property reported at its parent with its name in the message", () => {
    const missing = violation(["request", "header"], "required", "Request header must have required property 'version'");
    expect(namesField([missing], "header.Version")).toBe(true);
    expect(namesField([missing], "header.Authorization")).toBe(false);
    const missingBody = violation(["request"], "required", "Body parameter is required");
    expect(namesField([missingBody], "body")).toBe(true);
  });

  it("matches a group rule (not / oneOf) at the object holding the fields, or a message naming one of them", () => {
    expect(namesField([violation(["request", "body"], "not", "must NOT be valid")], "body.{a,b}")).toBe(true);
    expect(namesField([violation(["request", "body"], "required", "must have required property 'x'")], "body.{x,y}")).toBe(true);
    expect(namesField([violation(["request", "body", "a"], "not", "must NOT be valid")], "body.{a,b}")).toBe(false);
  });

  it("ignores warnings", () => {
    expect(namesField([{ ...violation(["request", "query", "limit"], "maximum", "x"), severity: "Warning" }], "query.limit")).toBe(false);
  });
});
