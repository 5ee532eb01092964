import { describe, expect, it } from "vitest";
import { exampleCall, exampleCallsOf, exampleInit, exampleOperations, schemaValue } from "../src/index.js";

const spec = {
  openapi: "3.1.0",
  paths: {
    "/things/{thingId}": {
      parameters: [{ $ref: "#/components/parameters/ThingId" }],
      get: {
        operationId: "getThing",
        parameters: [
          { name: "expand", in: "query", schema: { type: "string", enum: ["owner", "tags"] } },
          { name: "fields", in: "query", explode: false, schema: { type: "array", items: { type: "string" } }, example: ["a", "b"] },
          { name: "filter", in: "query", schema: { type: "object" }, example: { color: "red", size: 2 } },
          { name: "X-Trace", in: "header", required: true, schema: { type: "string", default: "t-1" } },
          { name: "Accept", in: "header", required: true, schema: { type: "string" } },
        ],
        responses: { "200": { description: "ok" } },
      },
      put: {
        operationId: "replaceThing",
        requestBody: {
          required: true,
          content: { "application/json": { examples: { first: { $ref: "#/components/examples/Thing" } } } },
        },
        responses: { "200": { description: "ok" } },
      },
    },
    "/things": {
      post: {
        operationId: "createThing",
        requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/NewThing" } } } },
        responses: { "201": { description: "created" } },
      },
      get: {
        operationId: "listThings",
        parameters: [
          { name: "since", in: "query", required: true, schema: { type: "string", format: "date-time" } },
          { name: "kind", in: "query", required: true, schema: { type: "string" } },
        ],
        responses: { "200": { description: "ok" } },
      },
    },
    "/forms": {
      post: {
        operationId: "submitForm",
        requestBody: { content: { "application/x-www-form-urlencoded": { example: { name: "Ann", age: 30 } } } },
        responses: { "204": { description: "done" } },
      },
      put: {
        operationId: "uploadForm",
        requestBody: { required: true, content: { "multipart/form-data": { example: { file: "x" } } } },
        responses: { "204": { description: "done" } },
      },
    },
  },
  components: {
    parameters: { ThingId: { name: "thingId", in: "path", required: true, schema: { type: "string", examples: ["th_1"] } } },
    examples: { Thing: { value: { name: "Lamp" } } },
    schemas: {
      NewThing: {
        type: "object",
        required: ["name", "kind", "tags", "owner", "note"],
        properties: {
          name: { type: "string", example: "Desk" },
          kind: { type: "string", enum: ["furniture", "light"] },
          tags: { type: "array", items: { type: "string" } },
          owner: { allOf: [{ type: "object", required: ["id"], properties: { id: { type: "integer", default: 7 } } }] },
          note: { type: ["string", "null"] },
          color: { type: "string", example: "red" },
        },
      },
    },
  },
};

describe("example calls built from a spec", () => {
  it("fills parameters from examples, and required ones also from schema defaults and enums", () => {
    expect(exampleCall(spec, "/things/{thingId}", "get")).toEqual({
      operationId: "getThing",
      method: "GET",
      path: "/things/{thingId}",
      // `expand` is optional and has no example of its own: left out rather than guessed from its enum
      params: { path: { thingId: "th_1" }, query: { fields: "a,b", color: "red", size: 2 }, header: { "X-Trace": "t-1" } },
    });
  });

  it("takes the body from a named (referenced) example, or builds it from the schema's required properties", () => {
    expect(exampleCall(spec, "/things/{thingId}", "put")).toMatchObject({ body: { name: "Lamp" }, mediaType: "application/json" });
    expect(exampleCall(spec, "/things", "post").body).toEqual({ name: "Desk", kind: "furniture", tags: [], owner: { id: 7 }, note: null });
  });

  it("sends a form body form-encoded", async () => {
    const call = exampleCall(spec, "/forms", "post");
    expect(call).toMatchObject({ body: { name: "Ann", age: 30 }, mediaType: "application/x-www-form-urlencoded" });
    const init = exampleInit(call, { Prefer: "code=204" }) as { bodySerializer: (b: unknown) => string; headers: Record<string, string> };
    expect(init.bodySerializer(call.body)).toBe("name=Ann&age=30");
    expect(init.headers).toEqual({ "Content-Type": "application/x-www-form-urlencoded", Prefer: "code=204" });
  });

  it("names the operation and every part it cannot fill", () => {
    expect(() => exampleCall(spec, "/things", "get")).toThrow(
      'listThings: required query parameter "since" documents no example, default, const or enum; required query parameter "kind" documents no example, default, const or enum',
    );
    expect(() => exampleCall(spec, "/forms", "put")).toThrow(/uploadForm: required request body: no supported media type .* among multipart\/form-data/);
  });

  it("lists the operations it built and the ones it could not", () => {
    const { calls, failures } = exampleCallsOf(spec);
    expect(calls.map((c) => c.operationId)).toEqual(["getThing", "replaceThing", "createThing", "submitForm"]);
    expect(failures.map((f) => f.operationId)).toEqual(["listThings", "uploadForm"]);
  });

  it("never guesses a value from a bare type", () => {
    expect(schemaValue(spec, { type: "string", format: "email" })).toBeUndefined();
    expect(schemaValue(spec, { type: "array", minItems: 1, items: { type: "string" } })).toBeUndefined();
    expect(schemaValue(spec, { oneOf: [{ type: "integer" }, { type: "string", const: "x" }] })).toBe("x");
  });
});

describe("exampleOperations", () => {
  it("fails loudly, naming each operation it cannot build a call for", () => {
    expect(() => exampleOperations("things", spec)).toThrow(/things: cannot build a call .* for 2 operation\(s\).*\n {2}listThings: .*\n {2}uploadForm: /s);
  });

  it("calls the client's method with the example's path, params, body and the suite's headers", async () => {
    const buildable = { ...spec, paths: { "/things/{thingId}": spec.paths["/things/{thingId}"] } };
    const cases = exampleOperations<Record<string, (path: string, init: unknown) => Promise<never>>>("things", buildable);
    const seen: unknown[] = [];
    const client = { PUT: async (path: string, init: unknown) => (seen.push([path, init]), { response: new Response() }) } as never;
    await cases.replaceThing!(client, { Prefer: "code=200" });
    expect(seen).toEqual([["/things/{thingId}", { params: { path: { thingId: "th_1" } }, headers: { Prefer: "code=200" }, body: { name: "Lamp" } }]]);
  });
});
