import { getEventListeners } from "node:events";
import { afterEach, beforeEach, expect, it } from "vitest";
import { bearerAuth, createVendorClient } from "../src/index.js";
import { activeTimers, type paths, testVendor } from "./helpers.js";

const CALLS = 20_000;
const CONCURRENCY = 64;

let warnings: Error[] = [];
const onWarning = (warning: Error) => void warnings.push(warning);
beforeEach(() => {
  warnings = [];
  process.on("warning", onWarning);
});
afterEach(() => void process.off("warning", onWarning));

const turn = () => new Promise((resolve) => setTimeout(resolve, 0));

it(`${CALLS} calls through one client with one long-lived caller signal leave no listener or timer behind`, async () => {
  const timersBefore = activeTimers();
  const signal = new AbortController().signal;
  let mostListeners = 0;
  // Every other answer is an error the stack reads and maps; every seventh call sends a body.
  const client = createVendorClient<paths>({ ...testVendor, baseUrl: "https://vendor.test/api" }, bearerAuth("memory-test-token"), {
    rateLimit: { limit: 1_000_000, windowMs: 10, maxInFlight: CONCURRENCY },
    maxRetries: 0,
    fetch: async (request) => {
      mostListeners = Math.max(mostListeners, getEventListeners(signal, "abort").length);
      await request.arrayBuffer();
      const ok = request.url.endsWith("/items");
      return new Response(ok ? "[]" : '{"error":"gone"}', { status: ok ? 200 : 404, headers: { "content-type": "application/json" } });
    },
  });
  let next = 0;
  let failed = 0;
  const worker = async () => {
    for (let i = next++; i < CALLS; i = next++) {
      const result =
        i % 7 == 0
          ? await client.PUT("/items/{id}", { params: { path: { id: String(i) } }, body: { id: String(i), name: "x" }, signal })
          : i % 2
            ? await client.GET("/items", { signal })
            : await client.GET("/items/{id}", { params: { path: { id: String(i) } }, signal });
      if (result.error) failed++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));

  expect(failed).toBeGreaterThan(CALLS / 3); // the error path ran too
  // one crmkit listener on the caller's signal while calls ran, however many at once; none once they are over
  expect(mostListeners).toBe(1);
  expect(getEventListeners(signal, "abort")).toHaveLength(0);
  await turn(); // the timeout step's timer is cleared one turn of the event loop after the last attempt
  expect(activeTimers()).toBeLessThanOrEqual(timersBefore);
  expect(warnings.map((w) => w.name)).not.toContain("MaxListenersExceededWarning");
  expect(warnings).toEqual([]);
}, 120_000);
