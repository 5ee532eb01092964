import { afterEach, describe, expect, it } from "vitest";
import {
  AbortError,
  ApiError,
  ConnectionError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  TimeoutError,
  BadRequestError,
  unwrap,
} from "../src/index.js";
import { type Handler, activeTimers, json, startServer, testClient } from "./helpers.js";

let server: Awaited<ReturnType<typeof startServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const serve = async (h: Handler) => (server = await startServer(h));

const reset: Handler = (req) => req.socket.destroy();
const hang: Handler = () => {};

describe("fault server", () => {
  it("429 + Retry-After (seconds): waits what the server says, then succeeds", async () => {
    const s = await serve((_q, res, _h, n) => (n == 1 ? json(res, 429, { error: "slow down" }, { "retry-after": "2" }) : json(res, 200, [])));
    const { client, delays } = testClient(s.url);
    const r = await client.GET("/items");
    expect(r.data).toEqual([]);
    expect(s.hits).toHaveLength(2);
    expect(delays).toEqual([2000]);
  });

  it("429 + Retry-After (HTTP date): waits until that date", async () => {
    const s = await serve((_q, res, _h, n) =>
      n == 1 ? json(res, 429, {}, { "retry-after": new Date(Date.now() + 30_000).toUTCString() }) : json(res, 200, []),
    );
    const { client, delays } = testClient(s.url);
    await unwrap(client.GET("/items"));
    expect(s.hits).toHaveLength(2);
    // HTTP dates have 1 s resolution, and a busy machine may take a while to read the answer: the date is 30 s out (the
    // test's sleep only records), so "until that date" stays well apart from "at once" or "the default backoff".
    expect(delays[0]).toBeGreaterThan(20_000);
    expect(delays[0]).toBeLessThanOrEqual(30_000);
  });

  it("429 with a Retry-After beyond maxRetryDelay fails at once with RateLimitedError", async () => {
    const s = await serve((_q, res) => json(res, 429, { error: "quota", code: "RATE" }, { "retry-after": "120" }));
    const { client, delays } = testClient(s.url);
    const err = await unwrap(client.GET("/items")).catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err).toMatchObject({ status: 429, code: "RATE", message: "quota", retryable: true, vendor: "onelink" });
    expect(s.hits).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it("429 on an unsafe POST (no idempotency marker) is sent once", async () => {
    const s = await serve((_q, res) => json(res, 429, {}, { "retry-after": "1" }));
    const { client } = testClient(s.url);
    const r = await client.POST("/items/{id}/cancel", { params: { path: { id: "1" } } });
    expect(r.error).toBeInstanceOf(RateLimitedError);
    expect(s.hits).toHaveLength(1);
  });

  it("503 every time: 1 + maxRetries attempts with exponential backoff, then ServerError", async () => {
    const s = await serve((_q, res) => json(res, 503, { error: "down" }, { "x-request-id": "req-9" }));
    const { client, delays } = testClient(s.url);
    const err = await unwrap(client.GET("/items")).catch((e) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect(err).toMatchObject({ status: 503, requestId: "req-9", retryable: true, operationId: "listItems" });
    expect(s.hits).toHaveLength(3);
    expect(delays).toEqual([500, 1000]); // min(500·2^n, 8000)·(1 − 0)
  });

  it("500 then 200: retried once", async () => {
    const s = await serve((_q, res, _h, n) => (n == 1 ? json(res, 500, {}) : json(res, 200, [{ id: "1", name: "a" }])));
    const { client } = testClient(s.url);
    expect(await unwrap(client.GET("/items"))).toEqual([{ id: "1", name: "a" }]);
    expect(s.hits).toHaveLength(2);
  });

  it("400 / 404 are never retried", async () => {
    const s = await serve((q, res) => json(res, q.url!.includes("items/") ? 404 : 400, { error: "nope", code: "X" }));
    const { client } = testClient(s.url);
    await expect(unwrap(client.GET("/items"))).rejects.toBeInstanceOf(BadRequestError);
    await expect(unwrap(client.GET("/items/{id}", { params: { path: { id: "7" } } }))).rejects.toBeInstanceOf(NotFoundError);
    expect(s.hits).toHaveLength(2);
  });

  it("reset connection: GET retried then ConnectionError; unsafe POST sent once", async () => {
    const s = await serve(reset);
    const { client, delays } = testClient(s.url);
    const err = await client.GET("/items").catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.retryable).toBe(true);
    expect(s.hits).toHaveLength(3);
    expect(delays).toEqual([500, 1000]);
    await expect(client.POST("/items/{id}/cancel", { params: { path: { id: "1" } } })).rejects.toBeInstanceOf(ConnectionError);
    expect(s.hits).toHaveLength(4);
  });

  it("POST with its idempotency key is retried, and its body re-sent intact", async () => {
    const s = await serve((_q, res, _h, n) => (n < 3 ? reset(_q, res, _h, n) : json(res, 201, { id: "1", name: "x" })));
    const { client } = testClient(s.url);
    const body = { name: "Ä ✓ x".repeat(50), idempotency_key: "k-1" };
    const r = await client.POST("/items", { body });
    expect(r.data).toEqual({ id: "1", name: "x" });
    expect(s.hits.map((h) => JSON.parse(h.body))).toEqual([body, body, body]);
  });

  it("POST with an empty idempotency key is not retried", async () => {
    const s = await serve(reset);
    const { client } = testClient(s.url);
    await expect(client.POST("/items", { body: { name: "x", idempotency_key: "" } })).rejects.toBeInstanceOf(ConnectionError);
    expect(s.hits).toHaveLength(1);
  });

  it("hang: per-attempt timeout, retried, then TimeoutError; unsafe POST sent once", async () => {
    const s = await serve(hang);
    const { client } = testClient(s.url, { timeout: 80, maxRetries: 1 });
    const t0 = Date.now();
    const err = await client.GET("/items").catch((e) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toMatch(/Timed out after 80ms: GET http/);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
    expect(s.hits).toHaveLength(2);
    await expect(client.POST("/items/{id}/cancel", { params: { path: { id: "1" } } })).rejects.toBeInstanceOf(TimeoutError);
    expect(s.hits).toHaveLength(3);
  });

  it("per-call timeout and maxRetries override the client's", async () => {
    const s = await serve(hang);
    const { client } = testClient(s.url, { timeout: 10_000 });
    await expect(client.GET("/items", { crmkit: { timeout: 50, maxRetries: 0 } })).rejects.toBeInstanceOf(TimeoutError);
    expect(s.hits).toHaveLength(1);
  });

  it("malformed JSON in a 500: ServerError with the raw text as details, retried", async () => {
    const s = await serve((_q, res) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end('{"error": "bo');
    });
    const { client } = testClient(s.url);
    const r = await client.GET("/items");
    const e = r.error;
    expect(e).toBeInstanceOf(ServerError);
    expect((e as ServerError).body).toBe('{"error": "bo');
    expect(e).toMatchObject({ message: "HTTP 500", details: '{"error": "bo' });
    expect(s.hits).toHaveLength(3);
  });

  it("malformed JSON in a 200: returned as `error` (status kept 200), not thrown as SyntaxError, not retried", async () => {
    const s = await serve((_q, res) => {
      res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
      res.end('[{"id": "1"');
    });
    const { client } = testClient(s.url);
    const r = await client.GET("/items");
    expect(r.data).toBeUndefined();
    expect(r.error).toMatchObject({ status: 200, code: "INVALID_JSON", body: '[{"id": "1"' });
    expect(r.response.status).toBe(200);
    const err = await unwrap(client.GET("/items")).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 200, code: "INVALID_JSON", retryable: false });
    expect(s.hits).toHaveLength(2);
  });

  it("HTML error page (502): ServerError, HTTP status as message, page kept in details", async () => {
    const page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    const s = await serve((_q, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end(page);
    });
    const { client } = testClient(s.url, { maxRetries: 1 });
    const err = await unwrap(client.GET("/items")).catch((e) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect(err).toMatchObject({ status: 502, message: "HTTP 502", details: page });
    expect(s.hits).toHaveLength(2);
  });

  it("empty error body: 503 retried then ServerError; 404 NotFoundError once", async () => {
    const s = await serve((q, res) => {
      res.writeHead(q.url!.includes("items/") ? 404 : 503);
      res.end();
    });
    const { client } = testClient(s.url);
    const r = await client.GET("/items");
    // truthy and typed, although the body is empty (openapi-fetch alone would give "" or undefined)
    expect(r.error).toBeInstanceOf(ServerError);
    expect(r.response.ok).toBe(false);
    expect(r.error).toMatchObject({ status: 503, message: "HTTP 503" });
    expect(s.hits).toHaveLength(3);
    await expect(unwrap(client.GET("/items/{id}", { params: { path: { id: "1" } } }))).rejects.toBeInstanceOf(NotFoundError);
    expect(s.hits).toHaveLength(4);
  });

  it("slow body beyond the timeout: TimeoutError (the timeout covers the body), retried", async () => {
    const timers: NodeJS.Timeout[] = [];
    const s = await serve((_q, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write("[");
      timers.push(setTimeout(() => res.end("]"), 400));
    });
    const { client } = testClient(s.url, { timeout: 100, maxRetries: 1 });
    await expect(client.GET("/items")).rejects.toBeInstanceOf(TimeoutError);
    expect(s.hits).toHaveLength(2);
    timers.forEach(clearTimeout);
  });

  it("slow body within the timeout: succeeds", async () => {
    const s = await serve((_q, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('[{"id":"1",');
      setTimeout(() => res.end('"name":"a"}]'), 60);
    });
    const { client } = testClient(s.url, { timeout: 2000 });
    expect(await unwrap(client.GET("/items"))).toEqual([{ id: "1", name: "a" }]);
    expect(s.hits).toHaveLength(1);
  });

  it("408 is retried", async () => {
    const s = await serve((_q, res, _h, n) => (n == 1 ? json(res, 408, {}) : json(res, 200, [])));
    const { client } = testClient(s.url);
    await unwrap(client.GET("/items"));
    expect(s.hits).toHaveLength(2);
  });

  it("every fault: an unsafe POST (no idempotency marker) is sent exactly once, with the right error", async () => {
    const raw = (status: number, type: string, body: string): Handler => (_q, res) => {
      res.writeHead(status, { "content-type": type });
      res.end(body);
    };
    // The faults that answer get a timeout no busy machine reaches (a late answer must not turn into a TimeoutError);
    // the two that never finish get a short one.
    const ANSWERS = 10_000;
    const NEVER = 200;
    const cases: [string, Handler, new (...a: never[]) => Error, number][] = [
      ["429 + Retry-After", (_q, res) => json(res, 429, {}, { "retry-after": "1" }), RateLimitedError, ANSWERS],
      ["503", (_q, res) => json(res, 503, {}), ServerError, ANSWERS],
      ["500", (_q, res) => json(res, 500, {}), ServerError, ANSWERS],
      ["reset", reset, ConnectionError, ANSWERS],
      ["hang", hang, TimeoutError, NEVER],
      ["malformed JSON", raw(500, "application/json", '{"a":'), ServerError, ANSWERS],
      ["HTML page", raw(502, "text/html", "<h1>Bad gateway</h1>"), ServerError, ANSWERS],
      ["empty body", raw(503, "application/json", ""), ServerError, ANSWERS],
      ["slow body", (_q, res) => (res.writeHead(200, { "content-type": "application/json" }), res.write("{")), TimeoutError, NEVER],
    ];
    for (const [name, handler, E, timeout] of cases) {
      const s = await startServer(handler);
      const { client, delays } = testClient(s.url, { timeout });
      const err = await unwrap(client.POST("/items/{id}/cancel", { params: { path: { id: "1" } } })).catch((e) => e);
      expect([name, err instanceof E, s.hits.length, delays]).toEqual([name, true, 1, []]);
      await s.close();
    }
  });

  it("abort during backoff sleep stops at once and leaves no timer", async () => {
    const s = await serve((_q, res) => json(res, 503, {}, { "retry-after": "30" }));
    const before = activeTimers();
    const { client } = testClient(s.url, { _t: { sleep: undefined } });
    const ac = new AbortController();
    const p = client.GET("/items", { signal: ac.signal });
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    ac.abort();
    await expect(p).rejects.toBeInstanceOf(AbortError);
    // The backoff sleep is 30 s: ending within a sixth of it is "at once" even on a busy machine.
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(s.hits).toHaveLength(1);
    expect(activeTimers()).toBeLessThanOrEqual(before);
  });

  it("abort while on the wire: AbortError, not retried", async () => {
    const s = await serve(hang);
    const { client } = testClient(s.url);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const err = await client.GET("/items", { signal: ac.signal }).catch((e) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect(err.retryable).toBe(false);
    expect(s.hits).toHaveLength(1);
  });

  it("an already-aborted signal never reaches the server", async () => {
    const s = await serve((_q, res) => json(res, 200, []));
    const { client } = testClient(s.url);
    await expect(client.GET("/items", { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    expect(s.hits).toHaveLength(0);
  });
});
