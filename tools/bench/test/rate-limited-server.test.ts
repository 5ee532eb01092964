import { afterEach, describe, expect, it } from "vitest";
import { idealSpanMs, maxInAnyWindow, startRateLimitedServer } from "../src/rate-limited-server.mjs";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

// The server counts arrivals on this clock, which only the tests move: no window closes because the machine is slow.
let clock = 0;
const start = async (limits: { name: string; limit: number; windowMs: number }[]) => {
  clock = 0;
  const server = await startRateLimitedServer({
    now: () => clock,
    limits,
    routes: [
      { name: "one", method: "PUT", path: /^\/items\/([^/]+)$/, limits: ["burst"], respond: (m: RegExpMatchArray) => ({ json: { id: m[1] }, items: [m[1]] }) },
      {
        name: "bulk",
        method: "POST",
        path: /^\/bulk$/,
        limits: ["burst", "bulk"],
        respond: (_m: RegExpMatchArray, body: { ids: string[] }) => ({ json: { ok: true }, items: body.ids }),
      },
    ],
    tooManyBody: { message: "slow down" },
  });
  close = server.close;
  return server;
};
const put = (url: string, id: string) => fetch(`${url}/items/${id}`, { method: "PUT" });

describe("the rate-limited stand-in vendor", () => {
  it("answers 429 beyond the limit inside the window, and accepts again once the window has passed", async () => {
    const server = await start([{ name: "burst", limit: 3, windowMs: 300 }]);
    const first = [];
    for (const id of ["a", "b", "c", "d"]) first.push(await put(server.url, id));
    expect(first.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(await first[3]!.json()).toEqual({ message: "slow down" });
    clock += 350;
    expect((await put(server.url, "e")).status).toBe(200);
    expect(server.arrivals.map((a) => [a.status, a.items])).toEqual([
      [200, ["a"]],
      [200, ["b"]],
      [200, ["c"]],
      [429, []],
      [200, ["e"]],
    ]);
  });

  it("counts a request against every limit of its route, and counts the items in a bulk body", async () => {
    const server = await start([
      { name: "burst", limit: 10, windowMs: 1000 },
      { name: "bulk", limit: 1, windowMs: 1000 },
    ]);
    const bulk = (ids: string[]) => fetch(`${server.url}/bulk`, { method: "POST", body: JSON.stringify({ ids }), headers: { "content-type": "application/json" } });
    expect((await bulk(["x", "y"])).status).toBe(200);
    expect((await bulk(["z"])).status).toBe(429); // bulk limit: 1 per window
    expect((await put(server.url, "a")).status).toBe(200); // the general limit still has room
    expect(server.arrivals.filter((a) => a.status === 200).flatMap((a) => a.items)).toEqual(["x", "y", "a"]);
  });

  it("answers 404 for anything that is not a route, without counting it", async () => {
    const server = await start([{ name: "burst", limit: 1, windowMs: 1000 }]);
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    expect((await put(server.url, "a")).status).toBe(200);
  });
});

describe("throughput arithmetic", () => {
  it("finds the busiest sliding window", () => {
    expect(maxInAnyWindow([0, 10, 20, 1000], 1000)).toBe(3); // 0 and 1000 are a full window apart
    expect(maxInAnyWindow([0, 10, 20, 999], 1000)).toBe(4);
    expect(maxInAnyWindow([], 1000)).toBe(0);
  });

  it("gives the shortest span a compliant client needs: the first `limit` at once, then one batch per window", () => {
    expect(idealSpanMs(2000, { limit: 100, windowMs: 1000 })).toBe(19_000);
    expect(idealSpanMs(40, { limit: 1, windowMs: 500 })).toBe(19_500);
    expect(idealSpanMs(100, { limit: 100, windowMs: 1000 })).toBe(0);
    expect(idealSpanMs(0, { limit: 100, windowMs: 1000 })).toBe(0);
  });
});
