import { ValidationError } from "../errors.js";

/** An instant the caller gave, with the UTC offset they wrote it in (`Z` for a `Date`). */
export interface Instant {
  /** Milliseconds since the epoch. */
  ms: number;
  /** `"Z"` or `"±HH:MM"`, as written by the caller; `"Z"` for a `Date`. */
  offset: string;
  /** The offset in minutes east of UTC. */
  offsetMinutes: number;
}

// ISO 8601 extended format with a mandatory offset. Seconds may be left out (`09:30+05:30`); the offset must be `Z` or
// `±HH:MM`, the RFC 3339 forms.
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|([+-])(\d{2}):(\d{2}))$/i;
const EXAMPLE = "e.g. 2026-03-08T09:30:00-05:00 or 2026-03-08T14:30:00Z";

export const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Epoch ms of a UTC wall-clock time, for any four-digit year (Date.UTC maps years 0-99 to 1900-1999). */
export function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  t.setUTCHours(h, mi, s, ms);
  return t.getTime();
}

/** The wall-clock fields are real: month 1-12, a day that month has, 00:00:00-23:59:59. */
export function realWallClock(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) && h <= 23 && mi <= 59 && s <= 59;
}
const daysInMonth = (y: number, mo: number) => (mo === 2 ? (isLeap(y) ? 29 : 28) : [31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!);

/**
 * Read `start`/`end` of a move: a valid `Date`, or an ISO 8601 string with an offset. Anything else, a string without
 * an offset (its instant would depend on the machine's time zone), or a calendar value that does not exist, is a
 * ValidationError naming the field.
 */
export function parseInstant(value: unknown, field: string): Instant {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new ValidationError(field, "must be a valid date", `Invalid ${field}: the Date is invalid`);
    const year = value.getUTCFullYear();
    if (year < 0 || year > 9999) throw new ValidationError(field, "must fall in the years 0000-9999", `Invalid ${field}: year ${year} is outside 0000-9999`);
    return { ms, offset: "Z", offsetMinutes: 0 };
  }
  if (typeof value !== "string") {
    throw new ValidationError(field, "must be a Date or an ISO 8601 string with an offset", `Invalid ${field}: expected a Date or an ISO 8601 string with an offset (${EXAMPLE}), got ${describe(value)}`);
  }
  const m = ISO.exec(value.trim());
  if (!m) {
    const rule = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/i.test(value.trim())
      ? "must carry a UTC offset (Z or ±HH:MM)"
      : "must be an ISO 8601 date-time with an offset";
    throw new ValidationError(field, rule, `Invalid ${field}: "${value}" ${rule} (${EXAMPLE})`);
  }
  const [, ys, mos, ds, hs, mis, ss = "0", frac = "", z, sign, ohs, oms] = m;
  const [y, mo, d, h, mi, s] = [ys, mos, ds, hs, mis, ss].map(Number) as [number, number, number, number, number, number];
  if (!realWallClock(y, mo, d, h, mi, s)) {
    throw new ValidationError(field, "must be a real calendar date and time", `Invalid ${field}: "${value}" is not a real date and time`);
  }
  if (/[1-9]/.test(frac.slice(3))) {
    throw new ValidationError(field, "must not be more precise than milliseconds", `Invalid ${field}: "${value}" is more precise than milliseconds`);
  }
  const oh = Number(ohs ?? 0),
    om = Number(oms ?? 0);
  if (oh > 23 || om > 59) throw new ValidationError(field, "must have an offset from -23:59 to +23:59", `Invalid ${field}: "${value}" has an impossible offset`);
  const offsetMinutes = z && !sign ? 0 : (sign === "-" ? -1 : 1) * (oh * 60 + om);
  const ms = utc(y, mo, d, h, mi, s, Number(frac.slice(0, 3).padEnd(3, "0"))) - offsetMinutes * 60_000;
  return { ms, offset: sign ? `${sign}${ohs}:${oms}` : "Z", offsetMinutes };
}

/** Two instants where the second must come after the first; errors name the caller's fields. */
function parseOrdered(first: unknown, second: unknown, [a, b]: [string, string]): [Instant, Instant] {
  const x = parseInstant(first, a),
    y = parseInstant(second, b);
  if (y.ms <= x.ms) throw new ValidationError(b, `must be after ${a}`, `Invalid ${b}: ${isoWithOffset(y)} is not after ${a} ${isoWithOffset(x)}`);
  return [x, y];
}

/** Start and end of a move or a booking; `end` must come after `start`. */
export function parseRange(start: unknown, end: unknown): { start: Instant; end: Instant } {
  const [s, e] = parseOrdered(start, end, ["start", "end"]);
  return { start: s, end: e };
}

/** A search window (`from` inclusive, `to` exclusive); `to` must come after `from`. */
export function parseWindow(from: unknown, to: unknown): { from: Instant; to: Instant } {
  const [f, t] = parseOrdered(from, to, ["from", "to"]);
  return { from: f, to: t };
}

/**
 * ISO 8601 in the offset the caller wrote (`Z` for a `Date`): seconds always, milliseconds when not zero. The same
 * instant, so `2026-03-08T09:30+05:30` goes out as `2026-03-08T09:30:00+05:30`.
 */
export function isoWithOffset(t: Instant): string {
  const w = new Date(t.ms + t.offsetMinutes * 60_000),
    ms = w.getUTCMilliseconds();
  return (
    `${pad(w.getUTCFullYear(), 4)}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}` +
    `T${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())}${ms ? "." + pad(ms, 3) : ""}${t.offset}`
  );
}

/** A vendor's ISO 8601 response date (with offset) as a Date; undefined when absent or not one. */
export function parseVendorIso(value: unknown): Date | undefined {
  try {
    return new Date(parseInstant(value, "response").ms);
  } catch {
    return undefined;
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "number") return `the number ${value}`;
  return typeof value;
}
