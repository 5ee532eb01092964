// Item 3: throughput against each vendor's rate limit. `crm.scheduling.rescheduleMany` moves N appointments against a
// local server that enforces a time-scaled version of the vendor's documented limit and answers 429 beyond it. The
// client gets the same scaled limit as its configuration, as it gets the documented one by default.
import { performance } from "node:perf_hooks";
import { createCrmkit } from "crmkit";
import { leadConnector, leadConnectorAdapter } from "crmkit/leadconnector";
import { LEADSQUARED_BULK_RATE_LIMIT, LEADSQUARED_DEFAULT_CHUNK_SIZE, leadSquared, leadSquaredAdapter } from "crmkit/leadsquared";
import { oneLink, oneLinkAdapter } from "crmkit/onelink";
import { Worker } from "node:worker_threads";
import { vendors as registryVendors } from "../../specs/vendors.mjs";
import { idealSpanMs, maxInAnyWindow } from "./rate-limited-server.mjs";
import { vendorServers } from "./vendor-routes.mjs";

const HOUR = 3_600_000;
const firstStart = Date.parse("2026-03-09T08:00:00Z");
/** Move i: a 30-minute slot, whole seconds (LeadSquared takes no milliseconds). */
const slot = (i) => ({ start: new Date(firstStart + i * HOUR), end: new Date(firstStart + i * HOUR + HOUR / 2) });
const guid = (i) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;

/**
 * Per vendor: the documented limits (read from the packages' defaults), how the bench scales them in each mode (limit
 * divided by `count`, window divided by `time`), the moves, and rescheduleMany's `concurrency`.
 *
 * Concurrency: the scaled window is 10x shorter than the real one but the round trip is not, so filling a window takes
 * more requests in flight than against the vendor. Against HighLevel's real 10 s window the default of 4 in flight at
 * a 200 ms round trip sends 20/s, twice the limit; here 100 per 1 s need 16 in flight to leave the limiter, not the
 * in-flight cap, as the only brake.
 *
 * A vendor without a plan is skipped and reported (Pexip Engage: its contract has no appointments to move).
 */
export const vendorPlans = {
  leadconnector: {
    name: "HighLevel (LeadConnector)",
    documented: [{ name: "burst", ...leadConnector.rateLimit, source: "100 requests / 10 s per app per location" }],
    // Scaled in time only: 2,000 moves need 20 windows.
    scale: { full: { count: 1, time: 10 }, quick: { count: 10, time: 100 } },
    concurrency: 16,
    adapter: (url, limits, options) => leadConnectorAdapter({ ...options, baseUrl: url, rateLimit: limits.burst }),
    move: (i) => ({ vendor: "leadconnector", appointmentId: `bench-event-${i}`, ...slot(i) }),
    itemId: (i) => `bench-event-${i}`,
  },
  leadsquared: {
    name: "LeadSquared",
    documented: [
      { name: "general", ...leadSquared.rateLimit, source: "25 calls / 5 s (Enterprise plan)" },
      { name: "bulk", ...LEADSQUARED_BULK_RATE_LIMIT, source: "bulk APIs: 1 call / 5 s" },
    ],
    // Scaled in time only: 2,000 moves are 40 bulk calls of 50, one per window.
    scale: { full: { count: 1, time: 10 }, quick: { count: 1, time: 50 } },
    chunkSize: { full: LEADSQUARED_DEFAULT_CHUNK_SIZE, quick: 10 },
    concurrency: 4, // the default: one bulk call per window needs no more
    adapter: (url, limits, { token, ...options }) =>
      leadSquaredAdapter({ ...options, accessKey: token, secretKey: "bench-secret", baseUrl: url, rateLimit: limits.general, bulkRateLimit: limits.bulk }),
    move: (i) => ({ vendor: "leadsquared", appointmentId: guid(i), ...slot(i) }),
    itemId: (i) => guid(i),
  },
  onelink: {
    name: "One-Link",
    documented: [{ name: "per-ip", ...oneLink.rateLimit, source: "Rack::Attack: 3,000 requests / minute per IP" }],
    // 2,000 moves fit in one documented window, so the limit would never bind: the count is scaled down as well
    // (100 per 1 s, twice the documented rate) to make the client pace itself.
    scale: { full: { count: 30, time: 60 }, quick: { count: 300, time: 600 } },
    concurrency: 16,
    adapter: (url, limits, { token, ...options }) => oneLinkAdapter({ ...options, apiAccessToken: token, accountId: 12, baseUrl: url, rateLimit: limits["per-ip"] }),
    move: (i) => ({ vendor: "onelink", appointmentId: i + 1, ...slot(i) }),
    itemId: (i) => String(i + 1),
  },
};

export const scaledLimits = (plan, mode) =>
  plan.documented.map((d) => ({
    name: d.name,
    limit: Math.max(1, Math.round(d.limit / plan.scale[mode].count)),
    windowMs: d.windowMs / plan.scale[mode].time,
  }));

/** Moves `items` appointments of one vendor with rescheduleMany against its rate-limited stand-in; returns the figures. */
export async function runVendorThroughput(vendor, { items, mode, concurrency = vendorPlans[vendor].concurrency }) {
  const plan = vendorPlans[vendor];
  const limits = scaledLimits(plan, mode);
  const server = await startVendorServer(vendor, limits);
  let arrivals;
  try {
    // A fresh credential per run: crmkit shares one limiter per credentials in a process.
    const token = `bench-${vendor}-${mode}-${performance.now()}`;
    const chunkSize = plan.chunkSize?.[mode];
    // Round trips as the client sees them (headers in), to compare the achieved rate with the limiter's design bound.
    const roundTrips = [];
    const timedFetch = (request) => {
      const sent = performance.now();
      return fetch(request).then((response) => (roundTrips.push(performance.now() - sent), response));
    };
    const adapter = plan.adapter(server.url, Object.fromEntries(limits.map((l) => [l.name, l])), { token, chunkSize, fetch: timedFetch });
    const crm = createCrmkit({ [vendor]: adapter });
    const moves = Array.from({ length: items }, (_, i) => plan.move(i));
    const t0 = performance.now();
    const outcomes = await crm.scheduling.rescheduleMany(moves, { concurrency });
    const wallMs = performance.now() - t0;
    arrivals = await server.close();

    const accepted = arrivals.filter((a) => a.status === 200);
    const times = accepted.map((a) => a.at).sort((a, b) => a - b);
    const seen = new Map();
    for (const a of accepted) for (const id of a.items) seen.set(id, (seen.get(id) ?? 0) + 1);
    const binding = limits.reduce((a, l) => (idealSpanMs(accepted.length, l) > idealSpanMs(accepted.length, a) ? l : a));
    const idealMs = idealSpanMs(accepted.length, binding);
    const meanRoundTripMs = roundTrips.reduce((a, b) => a + b, 0) / Math.max(roundTrips.length, 1);
    const spanMs = times.length > 1 ? times.at(-1) - times[0] : 0;
    const failures = outcomes.filter((o) => !o.ok);
    return {
      vendor,
      name: plan.name,
      items,
      documented: plan.documented.map(({ name, limit, windowMs, source }) => ({ name, limit, windowMs, source })),
      bench: limits,
      chunkSize: chunkSize ?? null,
      calls: accepted.length,
      tooManyRequests: arrivals.filter((a) => a.status === 429).length,
      otherErrors: arrivals.filter((a) => a.status !== 200 && a.status !== 429).length,
      itemsAccepted: seen.size,
      itemsDuplicated: [...seen.values()].reduce((sum, n) => sum + n - 1, 0),
      itemsLost: moves.length - moves.filter((_, i) => seen.has(plan.itemId(i))).length,
      failedOutcomes: failures.length,
      firstFailure: failures[0] ? `${failures[0].error.name}: ${failures[0].error.message}` : null,
      maxInAnyWindow: Object.fromEntries(limits.map((l) => [l.name, maxInAnyWindow(times, l.windowMs)])),
      idealSpanMs: idealMs,
      spanMs,
      wallMs,
      // Achieved rate over the ideal rate: the shortest span a compliant client could take for these calls, over the
      // span the server saw from the first call to the last.
      ratio: spanMs > 0 ? idealMs / spanMs : null,
      concurrency,
      bindingLimit: binding.name,
      meanRoundTripMs,
      // crmkit's limiter holds each slot until a window after the response, so it cannot beat W / (W + round trip).
      designBound: binding.windowMs / (binding.windowMs + meanRoundTripMs),
      itemsPerSec: (items / wallMs) * 1000,
    };
  } finally {
    if (!arrivals) await server.close();
  }
}

/** The stand-in vendor on a worker thread; `close()` stops it and resolves to its arrivals. */
async function startVendorServer(vendor, limits) {
  const worker = new Worker(new URL("./server-worker.mjs", import.meta.url), { workerData: { vendor, limits } });
  const next = () =>
    new Promise((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
  const { url } = await next();
  return {
    url,
    close: async () => {
      const reply = next();
      worker.postMessage("close");
      const { arrivals } = await reply;
      await worker.terminate();
      return arrivals;
    },
  };
}

/**
 * The registry's vendors split into those with a throughput scenario (a plan here and a stand-in server in
 * vendor-routes.mjs) and those without, each with the reason.
 */
export function throughputScenarios(vendorList = registryVendors) {
  const measured = vendorList.filter((vendor) => vendor in vendorPlans && vendor in vendorServers);
  const skipped = vendorList
    .filter((vendor) => !measured.includes(vendor))
    .map((vendor) => ({
      vendor,
      reason: vendor in vendorPlans ? "no stand-in server in tools/bench/src/vendor-routes.mjs" : "no throughput plan in tools/bench/src/throughput.mjs",
    }));
  return { measured, skipped };
}

export async function runThroughput({ mode, items, log = () => {} }) {
  const { measured, skipped } = throughputScenarios();
  for (const { vendor, reason } of skipped) log(`throughput ${vendor}: skipped, ${reason}`);
  const vendors = [];
  for (const vendor of measured) {
    log(`throughput ${vendor}: ${items} moves…`);
    const result = await runVendorThroughput(vendor, { items, mode });
    log(`throughput ${vendor}: ${result.calls} calls in ${(result.wallMs / 1000).toFixed(1)} s, ratio ${result.ratio?.toFixed(3)}, 429s ${result.tooManyRequests}`);
    vendors.push(result);
  }
  return { items, mode, vendors, skipped };
}
