import { describe, expectTypeOf, it } from "vitest";
import {
  type ApiError,
  type CrmkitClientOptions,
  type RateLimiter,
  NotFoundError,
  bearerAuth,
  createRateLimiter,
  createVendorClient,
  unwrap,
} from "../src/index.js";
import { type Item, type paths, testVendor } from "./helpers.js";

const client = createVendorClient<paths>(testVendor, bearerAuth("t"));

describe("unwrap", () => {
  it("resolves to the success body (NonNullable of data)", () => {
    expectTypeOf(unwrap(client.GET("/items"))).toEqualTypeOf<Promise<Item[]>>();
    expectTypeOf(unwrap(client.GET("/items/{id}", { params: { path: { id: "1" } } }))).toEqualTypeOf<Promise<Item>>();
    expectTypeOf(unwrap(client.POST("/items", { body: { name: "x" } }))).toEqualTypeOf<Promise<Item>>();
  });

  it("accepts an awaited result too", async () => {
    const r = await client.GET("/items");
    expectTypeOf(unwrap(r)).toEqualTypeOf<Promise<Item[]>>();
  });

  it("only takes openapi-fetch results", () => {
    // @ts-expect-error -- not a { data, error, response } result
    unwrap(Promise.resolve(42));
  });
});

describe("public types", () => {
  it("errors narrow with instanceof", () => {
    const e: unknown = null;
    if (e instanceof NotFoundError) {
      expectTypeOf(e.status).toEqualTypeOf<number>();
      expectTypeOf(e.code).toEqualTypeOf<string | undefined>();
      expectTypeOf(e).toMatchTypeOf<ApiError>();
    }
  });

  it("limiters plug in; per-call options are typed", () => {
    expectTypeOf(createRateLimiter({ limit: 1, windowMs: 1 })).toEqualTypeOf<RateLimiter>();
    expectTypeOf<{ acquire: () => Promise<() => void> }>().toMatchTypeOf<RateLimiter>();
    expectTypeOf<CrmkitClientOptions["rateLimit"]>().toEqualTypeOf<{ limit?: number; windowMs?: number; maxInFlight?: number } | false | undefined>();
    expectTypeOf<RequestInit["crmkit"]>().toEqualTypeOf<{ timeout?: number; maxRetries?: number } | undefined>();
  });
});
