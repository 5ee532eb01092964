import { afterAll, beforeAll, expect, it } from "vitest";
import { BadRequestError, UnprocessableError, unwrap } from "../src/index.js";
import { json, startServer, testClient } from "./helpers.js";

// What Prism sends with a request that breaks the contract: the findings in `sl-violations`, a plain 4xx body.
const findings = [
  { location: ["request", "body", "TaskList", 0, "FromDate"], severity: "Error", code: "format", message: 'must match format "date-time"' },
  { location: ["request", "query", "limit"], severity: "Error", code: "maximum", message: "must be <= 100" },
  { location: ["request", "header", "x-extra"], severity: "Warning", code: "unknown", message: "is not declared" },
];

let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.url!.includes("garbled")) return json(res, 400, { error: "Bad Request" }, { "sl-violations": "not json" });
    json(res, 422, { error: "Unprocessable" }, { "sl-violations": JSON.stringify(findings) });
  });
});
afterAll(() => server.close());

it("a mock's contract findings become the typed error's message and details, warnings left out", async () => {
  const { client } = testClient(server.url);
  const { error } = await client.GET("/items");
  expect(error).toBeInstanceOf(UnprocessableError);
  expect(error!.message).toBe('body.TaskList.0.FromDate: must match format "date-time"; query.limit: must be <= 100');
  expect(error!.details).toEqual(findings.slice(0, 2));
  expect(error!.body).toEqual({ error: "Unprocessable" });
});

it("an unreadable findings header falls back to the vendor's own error", async () => {
  const { client } = testClient(server.url);
  const error = await unwrap(client.GET("/items/{id}", { params: { path: { id: "garbled" } } })).catch((e) => e);
  expect(error).toBeInstanceOf(BadRequestError);
  expect(error.message).toBe("Bad Request");
});
