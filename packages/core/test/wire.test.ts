import type { IncomingMessage } from "node:http";
import type { Middleware } from "openapi-fetch";
import { afterEach, describe, expect, it } from "vitest";
import { AbortError, type CrmkitClientOptions, ServerError, TimeoutError, bearerAuth, createVendorClient } from "../src/index.js";
import { type Handler, json, startServer, testClient, testVendor, type paths } from "./helpers.js";

let server: Awaited<ReturnType<typeof startServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A server that never answers, and records when the client drops each connection. */
async function hangingServer() {
  const closed: number[] = [];
  const hang: Handler = (req: IncomingMessage, res) => res.on("close", () => closed.push(Date.now()));
  server = await startServer(hang);
  return { url: server.url, closed, hits: server.hits };
}

const waitFor = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
};

// A custom fetch gets each attempt's Request: the stack stops an attempt through that request's signal.
const customFetches: [string, NonNullable<CrmkitClientOptions["fetch"]>][] = [
  ["fetch(request)", (request) => fetch(request)],
  ["a transport that passes request.signal on", (request) => fetch(request.url, { method: request.method, headers: request.headers, signal: request.signal })],
];

describe("a custom fetch is stopped on the wire", () => {
  for (const [name, customFetch] of customFetches) {
    it(`when an attempt times out: ${name}`, async () => {
      const s = await hangingServer();
      const { client } = testClient(s.url, { fetch: customFetch, timeout: 100, maxRetries: 1 });
      await expect(client.GET("/items")).rejects.toBeInstanceOf(TimeoutError);
      await waitFor(() => s.closed.length == 2);
      expect([s.hits.length, s.closed.length]).toEqual([2, 2]); // the retry too
    });

    it(`when the caller aborts: ${name}`, async () => {
      const s = await hangingServer();
      const { client } = testClient(s.url, { fetch: customFetch, timeout: 10_000 });
      const controller = new AbortController();
      const call = client.GET("/items", { signal: controller.signal });
      await waitFor(() => s.hits.length == 1);
      controller.abort();
      await expect(call).rejects.toBeInstanceOf(AbortError);
      await waitFor(() => s.closed.length == 1);
      expect(s.closed).toHaveLength(1);
    });
  }

  it("the default transport too", async () => {
    const s = await hangingServer();
    const { client } = testClient(s.url, { timeout: 100, maxRetries: 0 });
    await expect(client.GET("/items")).rejects.toBeInstanceOf(TimeoutError);
    await waitFor(() => s.closed.length == 1);
    expect(s.closed).toHaveLength(1);
  });
});

describe("caller middleware never sees the credentials", () => {
  const seen: string[] = [];
  const spy: Middleware = {
    onRequest: ({ request }) => void seen.push(`request ${request.headers.get("authorization")}`),
    onResponse: ({ request, response }) => void seen.push(`response ${response.status} ${request.headers.get("authorization")}`),
    onError: ({ request }) => void seen.push(`error ${request.headers.get("authorization")}`),
  };

  it("on the first attempt, on retries, and when the call fails", async () => {
    const sent: (string | null)[] = [];
    let n = 0;
    const client = createVendorClient<paths>({ ...testVendor, baseUrl: "https://vendor.test/api" }, bearerAuth("middleware-secret-token"), {
      rateLimit: false,
      middleware: [spy],
      _t: { sleep: async () => {} },
      fetch: async (request) => {
        sent.push(request.headers.get("authorization"));
        if (request.url.includes("reset")) throw new TypeError("fetch failed");
        return json503or200(++n);
      },
    } as CrmkitClientOptions);
    seen.length = 0;
    expect((await client.GET("/items")).data).toEqual([]); // 503, 503, 200
    expect((await client.GET("/items/{id}", { params: { path: { id: "1" } } })).error).toBeInstanceOf(ServerError); // 503 × 3
    await expect(client.GET("/items/{id}", { params: { path: { id: "reset" } } })).rejects.toThrow();
    expect(seen).toEqual(["request null", "response 200 null", "request null", "response 503 null", "request null", "error null"]);
    expect(sent).toEqual(Array(9).fill("Bearer middleware-secret-token"));
  });

  const json503or200 = (n: number) =>
    new Response(n % 3 == 0 && n < 4 ? "[]" : "{}", { status: n % 3 == 0 && n < 4 ? 200 : 503, headers: { "content-type": "application/json" } });
});

describe("retries re-send the body byte for byte", () => {
  const bodies = async (send: (client: ReturnType<typeof testClient>["client"]) => Promise<unknown>) => {
    const received: string[] = [];
    const s = (server = await startServer((_req, res, hit) => {
      received.push(hit.body);
      json(res, received.length < 3 ? 503 : 200, { id: "1", name: "x" });
    }));
    const { client } = testClient(s.url);
    await send(client);
    return received;
  };

  it("a JSON body (the string openapi-fetch serialized)", async () => {
    const body = { id: "ü-1", name: "Ä ✓ \u2028 x".repeat(40) };
    const received = await bodies((client) => client.PUT("/items/{id}", { params: { path: { id: "1" } }, body }));
    expect(received).toEqual(Array(3).fill(JSON.stringify(body)));
  });

  it("any other body (read once, then re-sent from the same bytes)", async () => {
    const form = new URLSearchParams({ name: "a b&c=d", id: "ü" });
    const received = await bodies((client) =>
      client.PUT("/items/{id}", { params: { path: { id: "1" } }, body: {} as never, bodySerializer: () => new Blob([form.toString()]) }),
    );
    expect(received).toEqual(Array(3).fill(form.toString()));
  });
});
