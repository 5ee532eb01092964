import { createServer } from "node:http";
import { performance } from "node:perf_hooks";

export interface Arrival {
  /** performance.timeOrigin-based ms (comparable with Date.now()). */
  at: number;
  status: 200 | 429;
}

export interface VendorServer {
  url: string;
  arrivals: Arrival[];
  close(): Promise<void>;
}

/**
 * A stand-in vendor that counts arrivals like the real ones: more than `limit` accepted requests in any sliding window
 * of `windowMs` gets a 429. Answers every accepted call with an empty task list. Calls marked `x-warm-up` are
 * answered and not counted.
 */
export async function startVendorServer({ limit, windowMs }: { limit: number; windowMs: number }): Promise<VendorServer> {
  const arrivals: Arrival[] = [];
  const accepted: number[] = []; // accepted arrival times within the last window, ascending
  const server = createServer((req, res) => {
    if (req.headers["x-warm-up"]) return void res.writeHead(200, { "content-type": "application/json" }).end("[]");
    const now = performance.timeOrigin + performance.now();
    while (accepted.length && accepted[0]! <= now - windowMs) accepted.shift();
    const status = accepted.length < limit ? 200 : 429;
    if (status === 200) accepted.push(now);
    arrivals.push({ at: now, status });
    req.resume();
    res.writeHead(status, { "content-type": "application/json" });
    res.end(status === 200 ? "[]" : '{"Status":"Error","ExceptionType":"RateLimitExceeded","ExceptionMessage":"Too many requests"}');
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    arrivals,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Largest number of accepted arrivals in any window of `windowMs` (the vendor's own count). */
export function maxInAnyWindow(arrivals: Arrival[], windowMs: number): number {
  const times = arrivals.filter((a) => a.status === 200).map((a) => a.at).sort((a, b) => a - b);
  let max = 0;
  for (let lo = 0, hi = 0; hi < times.length; hi++) {
    while (times[lo]! <= times[hi]! - windowMs) lo++;
    max = Math.max(max, hi - lo + 1);
  }
  return max;
}

/**
 * Throughput against the limit: the shortest span any compliant client could need for these N sends
 * (`floor((N-1)/limit)` full windows, the first `limit` going out at once) divided by the span measured.
 */
export function throughputRatio(arrivals: Arrival[], limit: number, windowMs: number): number {
  const times = arrivals.map((a) => a.at).sort((a, b) => a - b);
  const span = times.at(-1)! - times[0]!;
  return (Math.floor((times.length - 1) / limit) * windowMs) / span;
}
