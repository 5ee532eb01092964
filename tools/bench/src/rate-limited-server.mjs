// A stand-in vendor for the throughput benchmark: it counts requests the way the vendors document (N per sliding
// window, counted when the request arrives) and answers 429 to any request beyond a limit. Several limits can apply to
// one route (LeadSquared: 25 calls per 5 s overall and 1 per 5 s for bulk calls); a request must fit under all of them.
import { createServer } from "node:http";
import { performance } from "node:perf_hooks";

/**
 * @typedef {{ name: string, limit: number, windowMs: number }} Limit
 * @typedef {{ name: string, method: string, path: RegExp, limits: string[], respond: (match: RegExpMatchArray, body: unknown) => { json: unknown, items: string[] } }} Route
 * @typedef {{ at: number, route: string, status: number, items: string[] }} Arrival
 */

/**
 * @param {{ limits: Limit[], routes: Route[], tooManyBody?: unknown, now?: () => number }} options  each route names the
 *   limits it counts against; `now` is the clock arrivals are counted by (a test's own, to make time pass at will)
 */
export async function startRateLimitedServer({ limits, routes, tooManyBody = { message: "Too Many Requests" }, now = () => performance.timeOrigin + performance.now() }) {
  const windows = new Map(limits.map((l) => [l.name, { ...l, accepted: [] }]));
  /** @type {Arrival[]} */
  const arrivals = [];
  const server = createServer((req, res) => {
    const at = now();
    const path = new URL(req.url, "http://localhost").pathname;
    let match;
    const route = routes.find((r) => r.method === req.method && (match = path.match(r.path)));
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    if (!route) {
      req.on("end", () => send(res, 404, { message: `No route for ${req.method} ${path}` }));
      return;
    }
    const applicable = route.limits.map((name) => windows.get(name));
    for (const w of applicable) while (w.accepted.length && w.accepted[0] <= at - w.windowMs) w.accepted.shift();
    const allowed = applicable.every((w) => w.accepted.length < w.limit);
    if (allowed) for (const w of applicable) w.accepted.push(at);
    req.on("end", () => {
      if (!allowed) {
        arrivals.push({ at, route: route.name, status: 429, items: [] });
        return send(res, 429, tooManyBody);
      }
      const text = Buffer.concat(chunks).toString("utf8");
      let body;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        arrivals.push({ at, route: route.name, status: 400, items: [] });
        return send(res, 400, { message: "Body is not JSON" });
      }
      const { json, items } = route.respond(match, body);
      arrivals.push({ at, route: route.name, status: 200, items });
      send(res, 200, json);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    arrivals,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res, status, json) {
  const body = JSON.stringify(json);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/** Largest number of accepted arrivals in any window of `windowMs` (the vendor's own count). */
export function maxInAnyWindow(times, windowMs) {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  for (let lo = 0, hi = 0; hi < sorted.length; hi++) {
    while (sorted[lo] <= sorted[hi] - windowMs) lo++;
    max = Math.max(max, hi - lo + 1);
  }
  return max;
}

/**
 * The shortest span from first to last arrival that any client could achieve for `calls` requests under `limit` per
 * sliding `windowMs`: the first `limit` go at once, then each further batch one window later.
 */
export const idealSpanMs = (calls, { limit, windowMs }) => Math.floor(Math.max(calls - 1, 0) / limit) * windowMs;
