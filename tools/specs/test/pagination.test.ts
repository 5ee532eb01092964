import { describe, expect, it } from "vitest";
import { listOperations, loadSpec, vendors } from "../load-specs.mjs";
import { paginationProblems } from "../pagination.mjs";

describe.each(vendors)("%s x-crmkit-pagination", (vendor) => {
  it("names only locations and pointers its operation has", () => {
    expect(paginationProblems(loadSpec(vendor))).toEqual([]);
  });
});

it("declares paging on the list operations whose vendor documents it", () => {
  const declared = vendors.flatMap((vendor) =>
    listOperations(loadSpec(vendor))
      .filter(({ operation }) => operation["x-crmkit-pagination"])
      .map(({ operationId, operation }) => `${vendor} ${operationId} ${operation["x-crmkit-pagination"].style}`),
  );
  expect(declared.sort()).toEqual([
    "leadconnector get-appointment-notes offset",
    "leadconnector get-lost-reason offset",
    "leadconnector search-opportunities-advanced page",
    "leadconnector search-opportunity cursor",
    "leadsquared retrieveAppointmentsByUserId page",
    "leadsquared retrieveTasks offset",
  ]);
});

/** A one-operation spec: GET /things with `limit`/`offset` query parameters and `{ things: [], total, more }`. */
function specWith(pagination: unknown) {
  return {
    openapi: "3.1.0",
    paths: {
      "/things": {
        get: {
          operationId: "list-things",
          parameters: [
            { name: "limit", in: "query", schema: { type: "integer" } },
            { name: "offset", in: "query", schema: { type: "integer" } },
            { name: "after", in: "query", schema: { type: "string" } },
          ],
          "x-crmkit-pagination": pagination,
          responses: {
            200: {
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: {
                      things: { type: "array", items: {} },
                      total: { type: "integer" },
                      more: { type: "boolean" },
                      meta: { $ref: "#/components/schemas/Meta" },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    components: { schemas: { Meta: { type: "object", properties: { next: { type: "string" } } } } },
  };
}
const offsetPaging = { style: "offset", items: "/things", offset: "query.offset", pageSize: "query.limit", total: "/total", end: ["empty-page", "total"] };
const problemsOf = (pagination: unknown) => paginationProblems(specWith(pagination)).map((p) => p.problem);

describe("x-crmkit-pagination checks", () => {
  it("accepts a declaration whose locations and pointers exist (through $ref)", () => {
    expect(problemsOf(offsetPaging)).toEqual([]);
    expect(problemsOf({ style: "cursor", items: "/things", cursor: { "query.after": "/meta/next" }, end: ["no-cursor"] })).toEqual([]);
  });

  it("rejects a key of another style, an unknown key and an unknown end condition", () => {
    expect(problemsOf({ ...offsetPaging, page: "query.offset" }).join()).toMatch(/must NOT be valid/);
    expect(problemsOf({ ...offsetPaging, next: "/meta/next" }).join()).toMatch(/must NOT have additional properties/);
    expect(problemsOf({ ...offsetPaging, end: ["short-page"] }).join()).toMatch(/must be equal to one of the allowed values/);
  });

  it("names a request location the operation lacks, and a non-numeric one", () => {
    expect(problemsOf({ ...offsetPaging, offset: "query.skip" })).toEqual(["request location query.skip is not a parameter or body property of the operation"]);
    expect(problemsOf({ ...offsetPaging, offset: "body.Paging.Offset" })).toEqual(["request location body.Paging.Offset is not a parameter or body property of the operation"]);
    expect(problemsOf({ ...offsetPaging, offset: "query.after" })).toEqual(["query.after is not a number"]);
  });

  it("names a response pointer that is missing or of the wrong type", () => {
    expect(problemsOf({ ...offsetPaging, items: "/data" })).toEqual(["items pointer /data is not in the 2xx response body"]);
    expect(problemsOf({ ...offsetPaging, items: "/total" })).toEqual(["items pointer /total is not of type array"]);
    expect(problemsOf({ ...offsetPaging, hasMore: "/total", end: ["has-more"] })).toEqual(["hasMore pointer /total is not of type boolean"]);
  });

  it("needs the pointer an end condition reads, and no-cursor only with cursors", () => {
    expect(problemsOf({ ...offsetPaging, total: undefined })).toEqual(['end "total" needs `total`']);
    expect(problemsOf({ ...offsetPaging, end: ["no-cursor"] })).toEqual(['end "no-cursor" goes with style cursor, and only there']);
    expect(problemsOf({ style: "cursor", items: "/things", cursor: { "query.after": "/meta/next" }, end: ["empty-page"] })).toEqual([
      'end "no-cursor" goes with style cursor, and only there',
    ]);
  });
});
