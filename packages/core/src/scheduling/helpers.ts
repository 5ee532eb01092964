// Helpers every vendor adapter uses.
import { type ApiError, ValidationError, createApiError } from "../errors.js";
import { type Instant, isoWithOffset } from "./time.js";
import type { AppointmentStatus, PreparedMove, RescheduleInput, RescheduleResult } from "./types.js";

const describe = (value: unknown) => JSON.stringify(value) ?? String(value);

/** A non-empty string (numbers are written as strings), or a ValidationError naming `field`. */
export function requireText(value: unknown, field: string, what = "a non-empty string"): string {
  const text = typeof value === "number" && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== "string" || text.trim() === "") {
    throw new ValidationError(field, `must be ${what}`, `Invalid ${field}: expected ${what}, got ${describe(value)}`);
  }
  return text.trim();
}

/** A positive (safe) integer, or a ValidationError naming `field`; `digits` also takes one written as a string (an id). */
export function positiveInteger(value: unknown, field: string, what = "a positive integer", digits = false): number {
  const n = digits && typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 1) {
    throw new ValidationError(field, `must be ${what}`, `Invalid ${field}: expected ${what}, got ${describe(value)}`);
  }
  return n;
}

/** A vendor answered 2xx with something crmkit cannot read (an appointment without dates, an empty list …). */
export function invalidResponse(vendor: string, operationId: string, message: string, details?: unknown): ApiError {
  return createApiError({ vendor, status: 200, code: "INVALID_RESPONSE", message, details, retryable: false, operationId });
}

/** Look a vendor status up in a mapping table, never through the prototype (`"constructor"` is not a status). */
export function mapStatus(table: Record<string, AppointmentStatus>, status: unknown): AppointmentStatus {
  return typeof status === "string" && Object.hasOwn(table, status) ? table[status]! : "unknown";
}

/** The parts of a PreparedMove every ISO 8601 vendor fills the same way; the ISO forms keep the caller's offsets. */
export function isoMove<V extends string>(vendor: V, input: RescheduleInput<V>, appointmentId: string, range: { start: Instant; end: Instant }) {
  return {
    vendor,
    appointmentId,
    kind: input.kind ?? "appointment",
    start: new Date(range.start.ms),
    end: new Date(range.end.ms),
    sent: { start: isoWithOffset(range.start), end: isoWithOffset(range.end) },
  } satisfies Omit<PreparedMove<V>, "request">;
}

/** For a vendor without blocked slots: anything but `appointment` is a mistake worth naming. */
export function onlyAppointments(vendor: string, input: RescheduleInput): void {
  if (input.kind !== undefined && input.kind !== "appointment") {
    throw new ValidationError("kind", `must be "appointment" for ${vendor}`, `Invalid kind: ${vendor} has no "${String(input.kind)}"`);
  }
}

export const result = <V extends string>(move: PreparedMove<V>, raw: unknown, jobId?: string): RescheduleResult<V> =>
  jobId === undefined ? { ...move, raw } : { ...move, jobId, raw };

/** `send` for a vendor that moves one appointment per request (`chunkSize` 1): each move on its own. */
export const sendEach =
  <V extends string>(sendOne: (move: PreparedMove<V>, signal?: AbortSignal) => Promise<RescheduleResult<V>>) =>
  (moves: PreparedMove<V>[], signal?: AbortSignal): Promise<RescheduleResult<V>[]> =>
    Promise.all(moves.map((move) => sendOne(move, signal)));

/** A copy without the keys whose value is undefined, so normalized records hold only what the vendor gave. */
export const withoutUndefined = <T extends object>(record: T): T =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;

/** A vendor id (string or number) as text; undefined for null, an empty string or anything else. */
export const idText = (value: unknown): string | undefined =>
  (typeof value === "string" && value !== "") || (typeof value === "number" && Number.isFinite(value)) ? String(value) : undefined;

/** Whether `date` falls in the window: at or after `from`, before `to`. */
export const inWindow = (window: { from: Instant; to: Instant }, date: Date): boolean => date.getTime() >= window.from.ms && date.getTime() < window.to.ms;

/** The window cut into consecutive windows of at most `maxMs` each, for vendors that cap a request's window. */
export function splitWindow(window: { from: Instant; to: Instant }, maxMs: number): { from: Instant; to: Instant }[] {
  const parts: { from: Instant; to: Instant }[] = [];
  for (let from = window.from.ms; from < window.to.ms; from += maxMs) {
    parts.push({ from: { ...window.from, ms: from }, to: { ...window.to, ms: Math.min(from + maxMs, window.to.ms) } });
  }
  return parts;
}

/** An IANA time zone name the runtime knows (`Asia/Almaty`), or a ValidationError naming `field`. */
export function requireTimeZone(value: unknown, field = "timezone"): string {
  const zone = requireText(value, field, "an IANA time zone name (e.g. Asia/Almaty)");
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone && zone;
  } catch {
    throw new ValidationError(field, "must be an IANA time zone name", `Invalid ${field}: "${zone}" is not an IANA time zone name (e.g. Asia/Almaty)`);
  }
}

/** `requireText` for an optional field: undefined stays undefined. */
export const optionalText = (value: unknown, field: string, what?: string): string | undefined =>
  value === undefined ? undefined : requireText(value, field, what);
