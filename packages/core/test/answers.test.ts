import { describe, expect, it } from "vitest";
import { ApiError, NotFoundError, ServerError, bearerAuth, createVendorClient } from "../src/index.js";
import { type paths, testVendor } from "./helpers.js";

const answering = (answer: (request: Request) => Response, middleware = false) =>
  createVendorClient<paths>({ ...testVendor, baseUrl: "https://vendor.test/api" }, bearerAuth("answers-token"), {
    rateLimit: false,
    maxRetries: 0,
    fetch: async (request) => answer(request),
    ...(middleware ? { middleware: [{ onResponse: () => undefined }] } : {}),
  });
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe.each([false, true])("the stack reads the answer as `parseAs` asks (caller middleware: %s)", (middleware) => {
  const items = [{ id: "1", name: "a" }];

  it("json (the default), text, arrayBuffer, blob", async () => {
    const client = answering(() => json(200, items), middleware);
    expect((await client.GET("/items")).data).toEqual(items);
    expect((await client.GET("/items", { parseAs: "text" })).data).toBe(JSON.stringify(items));
    const bytes = (await client.GET("/items", { parseAs: "arrayBuffer" })).data as ArrayBuffer;
    expect(new TextDecoder().decode(bytes)).toBe(JSON.stringify(items));
    const blob = (await client.GET("/items", { parseAs: "blob" })).data as Blob;
    expect(await blob.text()).toBe(JSON.stringify(items));
  });

  it("stream: the caller gets the transport's stream, unread", async () => {
    const client = answering(() => json(200, items), middleware);
    const { data, response } = await client.GET("/items", { parseAs: "stream" });
    expect(data).toBeInstanceOf(ReadableStream);
    expect(await new Response(data as ReadableStream).json()).toEqual(items);
    expect(response.status).toBe(200);
  });

  it("an error status is a typed error whatever `parseAs` says", async () => {
    const client = answering(() => json(404, { error: "no such item", code: "GONE" }), middleware);
    for (const parseAs of ["json", "text", "arrayBuffer", "blob", "stream"] as const) {
      const { data, error, response } = await client.GET("/items", { parseAs });
      expect([parseAs, data, error instanceof NotFoundError, response.status]).toEqual([parseAs, undefined, true, 404]);
      expect(error).toMatchObject({ code: "GONE", message: "no such item", body: { error: "no such item", code: "GONE" } });
    }
  });

  it("an empty 2xx, 204 and HEAD have no data; an empty error body is still a typed error", async () => {
    const client = answering((request) => new Response(request.method == "DELETE" ? null : "", { status: request.method == "DELETE" ? 204 : request.url.includes("/1") ? 503 : 200 }), middleware);
    const empty = await client.GET("/items");
    expect([empty.data, empty.error, empty.response.status]).toEqual([undefined, undefined, 200]);
    const deleted = await client.DELETE("/items/{id}", { params: { path: { id: "2" } } });
    expect([deleted.data, deleted.error, deleted.response.status]).toEqual([undefined, undefined, 204]);
    expect((await client.HEAD("/items" as never)).response.status).toBe(200);
    const failed = await client.GET("/items/{id}", { params: { path: { id: "1" } } });
    expect(failed.error).toBeInstanceOf(ServerError);
    expect(failed.error).toMatchObject({ status: 503, message: "HTTP 503" });
  });

  it("the caller gets the vendor's own response, its url included", async () => {
    const client = answering(() => Object.defineProperty(json(200, items), "url", { value: "https://vendor.test/api/items" }), middleware);
    const { response } = await client.GET("/items");
    expect([response.url, response.status, response.headers.get("content-type")]).toEqual(["https://vendor.test/api/items", 200, "application/json"]);
  });
});

it("a response a caller middleware puts in place of the vendor's is judged too", async () => {
  const client = answering(() => json(200, []));
  client.use({ onResponse: () => new Response('{"error":"replaced","code":"MW"}', { status: 409 }) });
  const { error } = await client.GET("/items");
  expect(error).toBeInstanceOf(ApiError);
  expect(error).toMatchObject({ status: 409, code: "MW", message: "replaced" });
});
