import createClient, { type Middleware } from "openapi-fetch";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  AbortError,
  ApiError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  CrmkitError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  UnprocessableError,
  ValidationError,
  bearerAuth,
  createApiError,
  createVendorClient,
  stackStepNames,
  unwrap,
} from "../src/index.js";
import { type paths, testVendor } from "./helpers.js";

const jsonRes = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

function capture(respond: (r: Request) => Response = () => jsonRes(200, [])) {
  const seen: Request[] = [];
  const client = createVendorClient<paths>({ ...testVendor, baseUrl: "https://vendor.test/api/" }, bearerAuth("client-test-token"), {
    rateLimit: false,
    headers: { "x-client": "1" },
    fetch: async (r) => (seen.push(r), respond(r)),
  });
  return { client, seen };
}

describe("stack", () => {
  it("exports the step order", () => {
    expect(stackStepNames).toEqual(["auth", "vendorHeaders", "retry", "rateLimit", "timeout", "errorMapping", "logging"]);
  });

  it("matches operations by method + template (literal segments first, base path stripped) and sets their headers", async () => {
    const { client, seen } = capture((r) => jsonRes(200, r.method == "PUT" ? { id: "1", name: "x" } : []));
    await client.PUT("/items/{id}", { params: { path: { id: "search" } }, body: { id: "1", name: "x" } });
    await client.PUT("/items/{id}", { params: { path: { id: "2" } }, body: { id: "2", name: "x" }, headers: { Version: "caller" } });
    await client.GET("/items");
    expect(seen.map((r) => [r.method, new URL(r.url).pathname, r.headers.get("version")])).toEqual([
      ["PUT", "/api/items/search", "2021-07-28"],
      ["PUT", "/api/items/2", "caller"],
      ["GET", "/api/items", null],
    ]);
    expect(seen[0]!.headers.get("authorization")).toBe("Bearer client-test-token");
    expect(seen[0]!.headers.get("x-client")).toBe("1");
    expect(await seen[0]!.json()).toEqual({ id: "1", name: "x" });
  });

  it("templates match literally (regex characters escaped) and the per-operation metadata drives retries", async () => {
    const seen: string[] = [];
    const def = {
      ...testVendor,
      baseUrl: "https://api.vendor.test",
      operations: [{ method: "POST", path: "/v2/Task.svc/Retrieve.GetById", operationId: "getTask", idempotent: true }],
    };
    const c = createVendorClient<Record<string, never>>(def, bearerAuth("dots"), {
      rateLimit: false,
      fetch: async (r: Request) => (seen.push(new URL(r.url).pathname), jsonRes(503, {})),
      _t: { sleep: async () => {} },
    } as never);
    await c.request("post" as never, "/v2/Task.svc/Retrieve.GetById" as never);
    await c.request("post" as never, "/v2/TaskXsvc/RetrieveXGetById" as never);
    expect(seen).toEqual([...Array(3).fill("/v2/Task.svc/Retrieve.GetById"), "/v2/TaskXsvc/RetrieveXGetById"]);
  });

  it("timeout 0 (or Infinity) means no timeout", async () => {
    const slow = async () => (await new Promise((r) => setTimeout(r, 30)), jsonRes(200, []));
    for (const timeout of [0, Infinity]) {
      const c = createVendorClient<paths>({ ...testVendor, baseUrl: "https://vendor.test" }, bearerAuth("t0"), { rateLimit: false, timeout, fetch: slow });
      expect((await c.GET("/items")).data).toEqual([]);
    }
  });

  it("caller middleware runs before the stack and never sees the credentials", async () => {
    const log: string[] = [];
    const mw: Middleware = {
      onRequest: ({ request }) => {
        log.push(`req auth=${request.headers.get("authorization")}`);
        request.headers.set("x-from-middleware", "yes");
      },
      onResponse: ({ request, response }) => void log.push(`res ${response.status} auth=${request.headers.get("authorization")}`),
    };
    const seen: Request[] = [];
    const client = createVendorClient<paths>({ ...testVendor, baseUrl: "https://vendor.test/api" }, bearerAuth("mw-token"), {
      rateLimit: false,
      middleware: [mw],
      fetch: async (r) => (seen.push(r), jsonRes(200, [])),
    });
    await client.GET("/items");
    expect(log).toEqual(["req auth=null", "res 200 auth=null"]);
    expect(seen[0]!.headers.get("x-from-middleware")).toBe("yes");
    expect(seen[0]!.headers.get("authorization")).toBe("Bearer mw-token");
  });

  it("a vendor error inside a 2xx comes back as a typed `error` (status kept 200); unwrap throws it", async () => {
    const body = { Status: "Error", ExceptionType: "MXDuplicateEntryException", ExceptionMessage: "Duplicate" };
    const { client } = capture(() => jsonRes(200, body, { "x-request-id": "r-77" }));
    const r = await client.GET("/items");
    expect(r.data).toBeUndefined();
    expect(r.error).toBeInstanceOf(ApiError);
    expect((r.error as ApiError).body).toEqual(body);
    expect(r.response.status).toBe(200);
    expect(r.response.url).toBe("");
    const e = r.error as ApiError;
    expect(e).toMatchObject({ status: 200, code: "MXDuplicateEntryException", message: "Duplicate", requestId: "r-77", retryable: false });
    await expect(unwrap(client.GET("/items"))).rejects.toMatchObject({ name: "ApiError", code: "MXDuplicateEntryException" });
  });

  it("a real 2xx passes through with its data and url", async () => {
    const { client } = capture(() => Object.defineProperty(jsonRes(200, [{ id: "1", name: "a" }]), "url", { value: "https://vendor.test/api/items" }));
    const r = await client.GET("/items");
    expect(r.data).toEqual([{ id: "1", name: "a" }]);
    expect(r.response.url).toBe("https://vendor.test/api/items");
    expect(r.error).toBeUndefined();
    expect(await unwrap(client.GET("/items"))).toEqual([{ id: "1", name: "a" }]);
  });

  it("per-call options are typed on the call (`crmkit`) and reach the stack", async () => {
    const { client, seen } = capture();
    await client.GET("/items", { crmkit: { timeout: 10, maxRetries: 0 } });
    expect(seen).toHaveLength(1);
    // @ts-expect-error -- timeout is a number (RequestInit is augmented with `crmkit?: CallOptions`)
    const bad = () => client.GET("/items", { crmkit: { timeout: "10" } });
    expect(typeof bad).toBe("function");
  });

  it("unwrap resolves to the success body type and works on plain openapi-fetch results", async () => {
    const { client } = capture(() => jsonRes(200, [{ id: "1", name: "a" }]));
    const items = await unwrap(client.GET("/items"));
    expectTypeOf(items).toEqualTypeOf<{ id: string; name: string }[]>();
    const plain = createClient<paths>({ baseUrl: "https://x.test", fetch: async () => jsonRes(409, { error: "conflict" }) });
    await expect(unwrap(plain.GET("/items"))).rejects.toMatchObject({ status: 409, name: "ConflictError", details: { error: "conflict" } });
  });

  it("errors thrown by auth become ConnectionError unless already typed", async () => {
    const boom = { identity: "b", apply: () => Promise.reject(new TypeError("fetch failed")) };
    const c = createVendorClient<paths>({ ...testVendor, baseUrl: "https://vendor.test" }, boom, { rateLimit: false, fetch: async () => jsonRes(200, []) });
    await expect(c.GET("/items")).rejects.toBeInstanceOf(ConnectionError);
    const typed = { identity: "c", apply: () => Promise.reject(new ValidationError("token", "required")) };
    const d = createVendorClient<paths>({ ...testVendor, baseUrl: "https://vendor.test" }, typed, { rateLimit: false, fetch: async () => jsonRes(200, []) });
    await expect(d.GET("/items")).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("errors", () => {
  const init = { vendor: "leadsquared" as const, message: "m", retryable: false };
  it("createApiError picks the class by status", () => {
    const cases: [number, abstract new (...a: never[]) => ApiError][] = [
      [400, BadRequestError], [401, UnauthorizedError], [403, ForbiddenError], [404, NotFoundError], [409, ConflictError],
      [422, UnprocessableError], [429, RateLimitedError], [500, ServerError], [503, ServerError], [599, ServerError],
    ];
    for (const [status, C] of cases) {
      const e = createApiError({ ...init, status });
      expect([status, e instanceof C, e instanceof ApiError, e instanceof CrmkitError, e instanceof Error]).toEqual([status, true, true, true, true]);
      expect(e.name).toBe(C.name);
    }
    for (const status of [200, 405, 410, 418]) expect(createApiError({ ...init, status }).constructor).toBe(ApiError);
    expect(createApiError({ ...init, status: 404 })).not.toBeInstanceOf(ServerError);
  });

  it("instanceof works across duplicated copies of the package", async () => {
    // a second instance of the module, as a duplicated install would load
    // @ts-expect-error -- the query string is for the module loader, not for TypeScript
    const copy = (await import("../src/errors.ts?duplicate")) as typeof import("../src/errors.js");
    expect(copy.NotFoundError).not.toBe(NotFoundError);
    const e = copy.createApiError({ ...init, status: 404 });
    expect(e).toBeInstanceOf(NotFoundError);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toBeInstanceOf(CrmkitError);
    expect(e).not.toBeInstanceOf(ServerError);
    expect(e).not.toBeInstanceOf(ConnectionError);
    expect(new copy.TimeoutError("t")).toBeInstanceOf(ConnectionError);
    expect(new TimeoutError("t")).toBeInstanceOf(copy.ConnectionError);
    expect(new copy.AbortError("a")).not.toBeInstanceOf(ConnectionError);
    expect(new Error("x")).not.toBeInstanceOf(CrmkitError);
    expect(Object.assign(new Error("x"), { name: "NotFoundError" })).not.toBeInstanceOf(NotFoundError);
    expect(null).not.toBeInstanceOf(CrmkitError);
    class Unbranded extends ApiError {}
    expect(e).not.toBeInstanceOf(Unbranded);
    expect(new Unbranded({ ...init, status: 400 })).toBeInstanceOf(Unbranded);
    expect(new Unbranded({ ...init, status: 400 })).toBeInstanceOf(copy.ApiError);
  });

  it("toJSON / toString carry the fields, name first; transport errors and ValidationError too", () => {
    const e = createApiError({ ...init, status: 422, code: "MXInvalid", details: { field: "x" }, requestId: "r1" });
    expect(JSON.parse(JSON.stringify(e))).toEqual({
      name: "UnprocessableError", message: "m", vendor: "leadsquared", status: 422, code: "MXInvalid", details: { field: "x" },
      requestId: "r1", retryable: false,
    });
    expect(String(e)).toBe("UnprocessableError: m");
    expect(e.stack).toMatch(/^UnprocessableError: m\n/);
    const v = new ValidationError("email", "format");
    expect(v).toMatchObject({ field: "email", rule: "format", message: "Invalid email: format", name: "ValidationError" });
    expect(JSON.parse(JSON.stringify(new AbortError("a")))).toEqual({ name: "AbortError", message: "a", retryable: false });
    expect(new TimeoutError("t").retryable).toBe(true);
  });
});
