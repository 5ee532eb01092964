import createClient from "openapi-fetch";
import { describe, expectTypeOf, it } from "vitest";
import { type ApiError, bearerAuth, createVendorClient } from "../src/index.js";
import { type Item, type paths, testVendor } from "./helpers.js";

const client = createVendorClient<paths>(testVendor, bearerAuth("t"));
const bare = createClient<paths>();
/** The success branch's data of a result. */
type Data<Result> = Awaited<Result> extends infer R ? (R extends { error?: never; data: infer D } ? D : never) : never;

describe("a call's result", () => {
  it("is the success body or the typed ApiError, never the vendor's raw error body", async () => {
    const result = await client.GET("/items/{id}", { params: { path: { id: "1" } } });
    if (result.error) {
      expectTypeOf(result.error).toEqualTypeOf<ApiError>();
      expectTypeOf(result.data).toEqualTypeOf<undefined>();
    } else {
      expectTypeOf(result.data).toEqualTypeOf<Item>();
      expectTypeOf(result.error).toEqualTypeOf<undefined>();
    }
    expectTypeOf(result.response).toEqualTypeOf<Response>();
  });

  it("has exactly openapi-fetch's success data, parseAs and body-less answers included", () => {
    const id = { params: { path: { id: "1" } } };
    expectTypeOf<Data<ReturnType<typeof client.GET<"/items", {}>>>>().toEqualTypeOf<Data<ReturnType<typeof bare.GET<"/items", {}>>>>();
    expectTypeOf<Data<ReturnType<typeof client.GET<"/items", { parseAs: "text" }>>>>().toEqualTypeOf<string>();
    expectTypeOf<Data<ReturnType<typeof client.GET<"/items", { parseAs: "stream" }>>>>().toEqualTypeOf<
      Data<ReturnType<typeof bare.GET<"/items", { parseAs: "stream" }>>>
    >();
    expectTypeOf<Data<ReturnType<typeof client.DELETE<"/items/{id}", typeof id>>>>().toEqualTypeOf<
      Data<ReturnType<typeof bare.DELETE<"/items/{id}", typeof id>>>
    >();
    expectTypeOf<Data<ReturnType<typeof client.POST<"/items", { body: { name: string } }>>>>().toEqualTypeOf<Item>();
  });
});
