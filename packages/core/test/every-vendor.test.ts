// What the stack does with a vendor's answer holds for every vendor package, whatever its definition declares (an error
// parser, errors inside a 2xx or not): each is found from the registry (tools/specs/vendors.mjs), none is named here.
import type { Middleware } from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vendorPackage, vendors } from "../../../tools/specs/vendors.mjs";
import { ApiError, type CrmkitClientOptions, TimeoutError, unwrap } from "../src/index.js";
import { startServer } from "./helpers.js";

type AnyClient = { request: (method: string, path: string, init?: object) => Promise<{ data?: unknown; error?: unknown; response: Response }> };

const clients = await Promise.all(
  vendors.flatMap((vendor) => {
    const declared = vendorPackage(vendor);
    if (!declared?.crmkit.client) return [];
    return [import(declared.name).then((module) => ({ vendor, create: module[declared.crmkit.client!], sampleOptions: declared.crmkit.sampleOptions ?? {} }))];
  }),
);

let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  server = await startServer((req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    if (req.url!.includes("stalled")) res.write('[{"id":'); // and nothing more
    else res.end(req.url!.includes("invalid") ? '[{"id": "1"' : '[{"id":"1"}]');
  });
});
afterAll(() => server.close());

const transports: [string, CrmkitClientOptions][] = [
  ["the default transport", {}],
  ["a custom fetch", { fetch: (request) => fetch(request) }],
  ["caller middleware", { middleware: [{ onResponse: () => undefined } satisfies Middleware] }],
];

it("finds every vendor package", () => {
  expect(clients.map((c) => c.vendor)).toEqual(vendors.filter((v) => vendorPackage(v)?.crmkit.client));
  expect(clients.length).toBeGreaterThan(0);
});

for (const { vendor, create, sampleOptions } of clients) {
  describe(vendor, () => {
    for (const [name, options] of transports) {
      const client = (): AnyClient => create({ ...sampleOptions, ...options, baseUrl: server.url, timeout: 150, maxRetries: 0, rateLimit: false });

      it(`a 2xx whose body stalls past the timeout fails with TimeoutError (${name})`, async () => {
        await expect(client().request("get", "/stalled")).rejects.toBeInstanceOf(TimeoutError);
      });

      it(`a 2xx whose JSON does not parse is an ApiError INVALID_JSON, never a SyntaxError (${name})`, async () => {
        const result = await client().request("get", "/invalid");
        expect(result.data).toBeUndefined();
        expect(result.error).toBeInstanceOf(ApiError);
        expect(result.error).toMatchObject({ status: 200, code: "INVALID_JSON", retryable: false, body: '[{"id": "1"' });
        await expect(unwrap(client().request("get", "/invalid"))).rejects.toMatchObject({ name: "ApiError", code: "INVALID_JSON" });
      });

      it(`a 2xx with JSON is the data (${name})`, async () => {
        expect(await unwrap(client().request("get", "/fine"))).toEqual([{ id: "1" }]);
      });
    }
  });
}
