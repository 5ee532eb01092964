import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AbortError, bearerAuth, createRateLimiter, createVendorClient, headerAuth, identityHash } from "../src/index.js";
import { type paths, testVendor } from "./helpers.js";

describe("createRateLimiter (fake clock)", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => vi.useRealTimers());

  const granted = (p: Promise<unknown>) => {
    const s = { done: false };
    p.then(() => (s.done = true), () => {});
    return s;
  };

  it("sliding window: at most `limit` per window, a slot reusable windowMs (+1) after its response", async () => {
    const l = createRateLimiter({ limit: 3, windowMs: 1000 });
    const r = await Promise.all([l.acquire(), l.acquire(), l.acquire()]);
    const fourth = granted(l.acquire());
    await vi.advanceTimersByTimeAsync(5000);
    expect(fourth.done).toBe(false); // three in flight hold the whole window, however long
    vi.setSystemTime(5000);
    r[0]!(); // response at 5000 → slot free at 6001
    await vi.advanceTimersByTimeAsync(1000);
    expect(fourth.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(fourth.done).toBe(true);
  });

  it("uses the response time passed to release, not the release time", async () => {
    const l = createRateLimiter({ limit: 1, windowMs: 1000 });
    const rel = await l.acquire();
    vi.setSystemTime(300);
    rel(100); // response at 100, released (body read) at 300
    const next = granted(l.acquire());
    await vi.advanceTimersByTimeAsync(800); // now 1100
    expect(next.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1); // 1101 = 100 + 1000 + 1
    expect(next.done).toBe(true);
  });

  it("no window of length W ever holds more than `limit` grants (random workload)", async () => {
    const limit = 5, W = 200;
    const l = createRateLimiter({ limit, windowMs: W });
    const grants: number[] = [];
    const jobs = Array.from({ length: 60 }, async (_, i) => {
      await vi.advanceTimersByTimeAsync((i * 7) % 13);
      const rel = await l.acquire();
      grants.push(Date.now());
      setTimeout(() => rel(), (i * 31) % 50);
    });
    for (let t = 0; t < 5000 && grants.length < 60; t += 10) await vi.advanceTimersByTimeAsync(10);
    await Promise.all(jobs);
    grants.sort((a, b) => a - b);
    for (let i = limit; i < grants.length; i++) expect(grants[i]! - grants[i - limit]!).toBeGreaterThan(W);
  });

  it("maxInFlight: waits for a release, with no timer while only in-flight blocks", async () => {
    const l = createRateLimiter({ limit: 100, windowMs: 1000, maxInFlight: 2 });
    const [a] = await Promise.all([l.acquire(), l.acquire()]);
    const third = granted(l.acquire());
    await vi.advanceTimersByTimeAsync(10_000);
    expect(third.done).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    a!();
    await vi.advanceTimersByTimeAsync(0);
    expect(third.done).toBe(true);
  });

  it("FIFO, and a double release frees one slot only", async () => {
    const l = createRateLimiter({ limit: 10, windowMs: 1000, maxInFlight: 1 });
    const order: number[] = [];
    const first = await l.acquire();
    const waiting = [1, 2, 3].map((n) => l.acquire().then((rel) => (order.push(n), rel)));
    first();
    first();
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual([1]);
    (await waiting[0]!)();
    await vi.advanceTimersByTimeAsync(0);
    (await waiting[1]!)();
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual([1, 2, 3]);
  });

  it("abort while waiting: rejects at once with AbortError, leaves the queue and clears the timer", async () => {
    const l = createRateLimiter({ limit: 1, windowMs: 60_000 });
    (await l.acquire())();
    const ac = new AbortController();
    const p = l.acquire(ac.signal);
    expect(vi.getTimerCount()).toBe(1);
    ac.abort();
    await expect(p).rejects.toBeInstanceOf(AbortError);
    expect(vi.getTimerCount()).toBe(0);
    // the aborted waiter does not hold a place: the next one gets the slot when it frees
    const next = granted(l.acquire());
    await vi.advanceTimersByTimeAsync(60_001);
    expect(next.done).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("tryAcquire takes a free slot at once, and never one a waiter is queued for", async () => {
    const l = createRateLimiter({ limit: 2, windowMs: 1000 });
    const first = l.tryAcquire!()!;
    expect(typeof first).toBe("function");
    l.tryAcquire!();
    expect(l.tryAcquire!()).toBeUndefined(); // the window is full
    const waiter = granted(l.acquire());
    vi.setSystemTime(100);
    first(100); // frees at 1101
    await vi.advanceTimersByTimeAsync(1001);
    expect(waiter.done).toBe(true); // the waiter got it, not a later tryAcquire
    expect(l.tryAcquire!()).toBeUndefined();
  });

  it("the log keeps one window of slots, however many requests went through", async () => {
    const l = createRateLimiter({ limit: 1_000_000, windowMs: 10 });
    for (let i = 0; i < 100_000; i++) {
      vi.setSystemTime(i);
      l.tryAcquire!()!(i);
    }
    // a full log would take a million slots first; here each slot frees 11 ms after its response
    vi.setSystemTime(200_000);
    const releases = Array.from({ length: 1000 }, () => l.tryAcquire!());
    expect(releases.every(Boolean)).toBe(true);
  });

  it("an already-aborted signal rejects without queueing", async () => {
    const l = createRateLimiter({ limit: 1, windowMs: 1000 });
    await expect(l.acquire(AbortSignal.abort())).rejects.toBeInstanceOf(AbortError);
    await l.acquire(); // the slot is still free
  });
});

describe("limiter registry (one limiter per vendor + credential identity)", () => {
  const fetchOk = async () => new Response("[]", { headers: { "content-type": "application/json" } });
  const def = { ...testVendor, baseUrl: "http://vendor.test/api", rateLimit: { limit: 1, windowMs: 60_000 } };

  it("clients with the same credentials share one limiter; other credentials do not", async () => {
    const a = createVendorClient<paths>(def, bearerAuth("shared-secret-token"), { fetch: fetchOk });
    const b = createVendorClient<paths>(def, bearerAuth("shared-secret-token"), { fetch: fetchOk });
    const c = createVendorClient<paths>(def, bearerAuth("another-token-123"), { fetch: fetchOk });
    expect((await a.GET("/items")).response.status).toBe(200);
    // b shares a's window (1 per minute): it has to wait, so it is aborted while waiting
    await expect(b.GET("/items", { signal: AbortSignal.timeout(50) })).rejects.toBeInstanceOf(AbortError);
    expect((await c.GET("/items")).response.status).toBe(200);
  });

  it("`rateLimit: false` disables it, `rateLimiter` replaces it", async () => {
    const none = createVendorClient<paths>(def, bearerAuth("no-limit-token"), { fetch: fetchOk, rateLimit: false });
    for (let i = 0; i < 3; i++) await none.GET("/items");
    let acquired = 0;
    const custom = createVendorClient<paths>(def, bearerAuth("custom-limit-token"), {
      fetch: fetchOk,
      rateLimiter: { acquire: async () => (acquired++, () => {}) },
    });
    await custom.GET("/items");
    await custom.GET("/items");
    expect(acquired).toBe(2);
  });

  it("identity is a hash, never the secret", () => {
    const auth = headerAuth({ "x-LSQ-AccessKey": "u$r-access-8f3a61c2d94b", "x-LSQ-SecretKey": "s3cr3t-7d1e0b5a9c2f4e6d" });
    expect(auth.identity).not.toContain("s3cr3t");
    expect(auth.identity).not.toContain("8f3a61c2d94b");
    expect(bearerAuth("tok-1").identity).toBe(bearerAuth("tok-1").identity);
    expect(bearerAuth("tok-1").identity).not.toBe(bearerAuth("tok-2").identity);
    expect(identityHash("a")).not.toBe(identityHash("b"));
  });
});
