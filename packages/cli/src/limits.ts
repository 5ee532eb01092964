// What a vendor's documented rate limit means for a run: how long its rows take at the least, said before the first
// request when the limit, not the network, is what bounds the run.
import type { CliVendor, VendorLimit } from "./vendors.js";

const count = (n: number) => n.toLocaleString("en-US");

/** "100 calls per 10 s", "1 bulk call per 5 s". */
export function describeLimit(limit: VendorLimit): string {
  const window = limit.windowMs % 60_000 === 0 ? `${limit.windowMs / 60_000} min` : `${limit.windowMs / 1000} s`;
  const noun = limit.scope === "calls" ? "call" : "bulk call";
  return `${count(limit.limit)} ${noun}${limit.limit === 1 ? "" : "s"} per ${window.replace(/^1 /, "")}`;
}

/** "45 s", "11 min", "2 h 47 min". */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ""}`;
}

export interface LimitFloor {
  vendor: string;
  /** The least time the vendor's rows take at its slowest documented limit. */
  ms: number;
  limit: VendorLimit;
}

/**
 * The least time `rows` rows take at the vendor's documented limits: a sliding window lets the first `limit` calls go
 * at once and then `limit` per window, so n calls need ⌊(n − 1) / limit⌋ windows.
 */
export function limitFloor(vendor: CliVendor, rows: number, chunkSize: number): LimitFloor | undefined {
  const calls = Math.ceil(rows / Math.max(1, chunkSize));
  let slowest: LimitFloor | undefined;
  for (const limit of vendor.limits) {
    const ms = Math.floor(Math.max(0, calls - 1) / limit.limit) * limit.windowMs;
    if (!slowest || ms > slowest.ms) slowest = { vendor: vendor.vendor, ms, limit };
  }
  return slowest;
}

/** Below this, a limit is not worth a line: latency and the in-flight cap bound a short run as much. */
export const BOUND_WORTH_SAYING_MS = 60_000;

/** "leadconnector: 6,667 rows take at least 11 min at its documented limit of 100 calls per 10 s". */
export const describeFloor = (floor: LimitFloor, rows: number) =>
  `${floor.vendor}: ${count(rows)} row${rows === 1 ? "" : "s"} take at least ${formatDuration(floor.ms)} at its documented limit of ${describeLimit(floor.limit)}`;
