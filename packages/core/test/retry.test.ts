import { describe, expect, it } from "vitest";
import {
  type AttemptEvent,
  type CrmkitClientOptions,
  RETRY_STATUSES,
  TimeoutError,
  UnauthorizedError,
  bearerAuth,
  createVendorClient,
  serverDelay,
  unwrap,
} from "../src/index.js";
import { type paths, testVendor } from "./helpers.js";

type Script = (req: Request, n: number) => Response | Promise<Response>;
const jsonRes = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

let seq = 0;
/** A client over a scripted in-memory fetch; sleeps are recorded, not waited. */
function scripted(script: Script, options: CrmkitClientOptions & { _t?: object } = {}) {
  const seen: Request[] = [];
  const delays: number[] = [];
  const client = createVendorClient<paths>({ ...testVendor, baseUrl: "https://vendor.test/api" }, bearerAuth(`retry-token-${++seq}`), {
    rateLimit: false,
    fetch: async (r) => (seen.push(r), script(r, seen.length)),
    ...options,
    _t: { sleep: async (ms: number) => void delays.push(ms), random: () => 0, ...options._t },
  } as CrmkitClientOptions);
  return { client, seen, delays };
}
const always = (status: number, headers?: Record<string, string>): Script => () => jsonRes(status, {}, headers);

describe("what is retried", () => {
  it("retries exactly 408, 429, 500, 502, 503, 504 (and never any other status)", async () => {
    expect(RETRY_STATUSES).toEqual([408, 429, 500, 502, 503, 504]);
    for (const status of [400, 401, 403, 404, 405, 409, 410, 422, 451, 501, 505, 408, 429, 500, 502, 503, 504]) {
      const { client, seen } = scripted(always(status));
      await client.GET("/items");
      expect([status, seen.length]).toEqual([status, RETRY_STATUSES.includes(status) ? 3 : 1]);
    }
  });

  it("method rules: GET/PUT/PATCH/DELETE retried; POST only when marked idempotent or carrying its key", async () => {
    const cases: [string, (c: ReturnType<typeof scripted>["client"]) => Promise<unknown>, number][] = [
      ["GET", (c) => c.GET("/items"), 3],
      ["PUT", (c) => c.PUT("/items/{id}", { params: { path: { id: "1" } }, body: { id: "1", name: "x" } }), 3],
      ["DELETE", (c) => c.DELETE("/items/{id}", { params: { path: { id: "1" } } }), 3],
      ["PATCH", (c) => c.request("patch" as "put", "/items/{id}", { params: { path: { id: "1" } }, body: { id: "1", name: "x" } }), 3],
      ["POST unmarked", (c) => c.POST("/items/{id}/cancel", { params: { path: { id: "1" } } }), 1],
      ["POST x-crmkit-idempotent", (c) => c.POST("/items/search", { body: { q: "x" } }), 3],
      ["POST with key", (c) => c.POST("/items", { body: { name: "x", idempotency_key: "k1" } }), 3],
      ["POST without key", (c) => c.POST("/items", { body: { name: "x" } }), 1],
      ["POST with empty key", (c) => c.POST("/items", { body: { name: "x", idempotency_key: "" } }), 1],
      ["POST to an unknown path", (c) => c.request("post", "/unknown" as "/items", { body: { name: "x", idempotency_key: "k" } }), 1],
    ];
    for (const [name, call, attempts] of cases) {
      const { client, seen } = scripted(always(503));
      await call(client);
      expect([name, seen.length]).toEqual([name, attempts]);
    }
  });

  it("a 401 after a successful refresh is retried once with the new credentials, even for an unsafe POST", async () => {
    let token = "old-token-1";
    const refreshes: (string | null)[] = [];
    const auth = {
      identity: "x",
      apply: (h: Headers) => h.set("Authorization", "Bearer " + token),
      refresh: async (failed?: Headers) => (refreshes.push(failed?.get("authorization") ?? null), (token = "new-token-2"), true),
    };
    const seen: string[] = [];
    const client = createVendorClient<paths>({ ...testVendor, baseUrl: "https://vendor.test/api" }, auth, {
      rateLimit: false,
      fetch: async (r) => {
        seen.push(r.headers.get("authorization")!);
        return r.headers.get("authorization") == "Bearer new-token-2" ? jsonRes(200, { id: "1", name: "x" }) : jsonRes(401, {});
      },
    });
    expect(await unwrap(client.POST("/items/{id}/cancel", { params: { path: { id: "1" } } }))).toEqual({ id: "1", name: "x" });
    expect(seen).toEqual(["Bearer old-token-1", "Bearer new-token-2"]);
    expect(refreshes).toEqual(["Bearer old-token-1"]);
    // refreshed credentials that are still refused: the 401 is returned after one refresh
    token = "bad";
    auth.refresh = async () => ((token = "still-bad"), true);
    await expect(unwrap(client.GET("/items"))).rejects.toBeInstanceOf(UnauthorizedError);
    expect(seen.slice(2)).toEqual(["Bearer bad", "Bearer still-bad"]);
  });
});

describe("delays", () => {
  it("exponential backoff min(500·2^n, 8000)·(1 − U·0.25)", async () => {
    const a = scripted(always(500), { maxRetries: 6 });
    await a.client.GET("/items");
    expect(a.delays).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    const b = scripted(always(500), { maxRetries: 2, _t: { random: () => 0.999 } });
    await b.client.GET("/items");
    expect(b.delays).toEqual([Math.round(500 * (1 - 0.999 / 4)), Math.round(1000 * (1 - 0.999 / 4))]);
  });

  it("Retry-After seconds and HTTP date; X-RateLimit-Reset (ms, epoch s, epoch ms); then the vendor's own headers", () => {
    const h = (o: Record<string, string>) => new Headers(o);
    const now = 1_800_000_000_000;
    expect(serverDelay(h({ "retry-after": "3" }), now)).toBe(3000);
    expect(serverDelay(h({ "retry-after": "0" }), now)).toBe(0);
    expect(serverDelay(h({ "retry-after": new Date(now + 7000).toUTCString() }), now)).toBe(7000);
    expect(serverDelay(h({ "x-ratelimit-reset": "1500" }), now)).toBe(1500);
    expect(serverDelay(h({ "x-ratelimit-reset": String(now / 1000 + 4) }), now)).toBe(4000);
    expect(serverDelay(h({ "x-ratelimit-reset": String(now + 2500) }), now)).toBe(2500);
    const vendorDelay = (headers: Headers) => Number(headers.get("x-wait-ms") ?? NaN);
    expect(serverDelay(h({ "x-wait-ms": "10000" }), now, vendorDelay)).toBe(10000);
    expect(serverDelay(h({ "x-wait-ms": "10000" }), now)).toBeNaN();
    expect(serverDelay(h({ "retry-after": "1", "x-wait-ms": "10000" }), now, vendorDelay)).toBe(1000);
    expect(serverDelay(h({ "retry-after": "2", "x-ratelimit-reset": "9000" }), now)).toBe(2000); // Retry-After first
    expect(serverDelay(h({ "retry-after": "soon" }), now)).toBeNaN();
    expect(serverDelay(h({}), now)).toBeNaN();
  });

  it("the server-directed delay replaces the backoff; a past date means no wait; too long fails at once", async () => {
    const a = scripted((_r, n) => (n == 1 ? jsonRes(429, {}, { "x-ratelimit-remaining": "0", "x-ratelimit-interval-milliseconds": "10000" }) : jsonRes(200, [])));
    await unwrap(a.client.GET("/items"));
    expect(a.delays).toEqual([10000]);
    const b = scripted((_r, n) => (n == 1 ? jsonRes(503, {}, { "retry-after": new Date(Date.now() - 5000).toUTCString() }) : jsonRes(200, [])));
    await unwrap(b.client.GET("/items"));
    expect(b.delays).toEqual([0]);
    const c = scripted(always(429, { "x-ratelimit-reset": "30000" }), { maxRetryDelay: 20_000 });
    const r = await c.client.GET("/items");
    expect(r.response.status).toBe(429);
    expect(c.seen).toHaveLength(1);
    expect(c.delays).toEqual([]);
  });
});

describe("retry budget (token bucket per client)", () => {
  it("retries cost 5, timeouts 10, successes refund 1; an empty bucket stops retrying", async () => {
    let fail = true;
    const { client, seen } = scripted(() => (fail ? jsonRes(503, {}) : jsonRes(200, [])), { retryBudget: { capacity: 12 } });
    await client.GET("/items"); // 2 retries: 12 → 2
    expect(seen).toHaveLength(3);
    await client.GET("/items"); // 2 < 5: no retry
    expect(seen).toHaveLength(4);
    fail = false;
    for (let i = 0; i < 3; i++) await client.GET("/items"); // refunds: 2 → 5
    fail = true;
    await client.GET("/items"); // one retry (5 → 0), then empty
    expect(seen).toHaveLength(4 + 3 + 2);
  });

  it("a timeout retry costs timeoutCost", async () => {
    const hang = (r: Request) => new Promise<Response>((_res, rej) => r.signal.addEventListener("abort", () => rej(r.signal.reason)));
    const { client, seen } = scripted(hang, { timeout: 5, retryBudget: { capacity: 15, timeoutCost: 10 } });
    await expect(client.GET("/items")).rejects.toBeInstanceOf(TimeoutError);
    expect(seen).toHaveLength(2); // 15 → 5 < 10
  });

  it("`retryBudget: false` never stops retries", async () => {
    const { client, seen } = scripted(always(503), { retryBudget: false, maxRetries: 3 });
    for (let i = 0; i < 50; i++) await client.GET("/items");
    expect(seen).toHaveLength(200);
  });
});

describe("observing attempts", () => {
  it("onAttempt for every attempt, with reason, delay, operation and a redacted URL", async () => {
    const events: AttemptEvent[] = [];
    const { client } = scripted((_r, n) => (n < 3 ? jsonRes(n == 1 ? 503 : 429, {}, n == 2 ? { "retry-after": "1" } : {}) : jsonRes(200, [])), {
      onAttempt: (e) => events.push(e),
    });
    await client.GET("/items", { params: { query: { q: "a", accessKey: "AK-123456", secretKey: "SK-abcdef" } } });
    const url = "https://vendor.test/api/items?q=a&accessKey=***&secretKey=***";
    expect(events).toEqual([
      { attempt: 1, delayMs: 0, reason: "initial", operationId: "listItems", method: "GET", url },
      { attempt: 2, delayMs: 500, reason: "503", operationId: "listItems", method: "GET", url },
      { attempt: 3, delayMs: 1000, reason: "429", operationId: "listItems", method: "GET", url },
    ]);
  });

  it("logs one line per attempt and per retry at the configured level, none when off (the default)", async () => {
    const lines: [string, string][] = [];
    const logger = Object.fromEntries(["debug", "info", "warn", "error"].map((l) => [l, (m: string) => lines.push([l, m])])) as never;
    const script: Script = (_r, n) => (n == 1 ? jsonRes(503, {}, { "x-request-id": "rq-1" }) : jsonRes(200, [], { "x-request-id": "rq-2" }));
    await scripted(script, { logger }).client.GET("/items");
    expect(lines).toEqual([]);
    await scripted(script, { logger, logLevel: "info" }).client.GET("/items", { params: { query: { accessKey: "AK-123456" } } });
    expect(lines.map(([l]) => l)).toEqual(["warn", "info", "info"]);
    expect(lines[0]![1]).toMatch(/^crmkit GET https:\/\/vendor\.test\/api\/items\?accessKey=\*\*\* attempt=1 503 \d+ms id=rq-1$/);
    expect(lines[1]![1]).toBe("crmkit retry GET https://vendor.test/api/items?accessKey=*** attempt=2 in 500ms (503)");
    expect(lines[2]![1]).toMatch(/attempt=2 200 \d+ms id=rq-2$/);
    lines.length = 0;
    await scripted(script, { logger, logLevel: "warn" }).client.GET("/items");
    expect(lines.map(([l]) => l)).toEqual(["warn"]);
  });
});
