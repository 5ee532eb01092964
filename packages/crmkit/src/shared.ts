// Helpers every vendor adapter uses. Kept free of vendor imports, so a one-vendor bundle carries only its own adapter.
import { type ApiError, ValidationError, type VendorName, createApiError } from "@crmkit/core";
import type { AppointmentStatus, PreparedMove, RescheduleInput, RescheduleResult, SchedulingVendor } from "./types.js";
import type { Instant } from "./time.js";
import { isoWithOffset } from "./time.js";

/** A non-empty string (numbers are written as strings), or a ValidationError naming `field`. */
export function requireText(value: unknown, field: string, what = "a non-empty string"): string {
  const text = typeof value === "number" && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== "string" || text.trim() === "") {
    throw new ValidationError(field, `must be ${what}`, `Invalid ${field}: expected ${what}, got ${JSON.stringify(value) ?? String(value)}`);
  }
  return text.trim();
}

/** A positive (safe) integer, or a ValidationError naming `field`; `digits` also takes one written as a string (an id). */
export function positiveInteger(value: unknown, field: string, what = "a positive integer", digits = false): number {
  const n = digits && typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 1) {
    throw new ValidationError(field, `must be ${what}`, `Invalid ${field}: expected ${what}, got ${JSON.stringify(value) ?? String(value)}`);
  }
  return n;
}

/** A vendor answered 2xx with something crmkit cannot read (an appointment without dates, an empty list …). */
export function invalidResponse(vendor: VendorName, operationId: string, message: string, details?: unknown): ApiError {
  return createApiError({ vendor, status: 200, code: "INVALID_RESPONSE", message, details, retryable: false, operationId });
}

/** Look a vendor status up in a mapping table, never through the prototype (`"constructor"` is not a status). */
export function mapStatus(table: Record<string, AppointmentStatus>, status: unknown): AppointmentStatus {
  return typeof status === "string" && Object.hasOwn(table, status) ? table[status]! : "unknown";
}

/** The parts of a PreparedMove every vendor fills the same way; the ISO 8601 forms keep the caller's offsets. */
export function isoMove(vendor: SchedulingVendor, input: RescheduleInput, appointmentId: string, range: { start: Instant; end: Instant }) {
  return {
    vendor,
    appointmentId,
    kind: input.kind ?? "appointment",
    start: new Date(range.start.ms),
    end: new Date(range.end.ms),
    sent: { start: isoWithOffset(range.start), end: isoWithOffset(range.end) },
  } satisfies Omit<PreparedMove, "request">;
}

/** Only HighLevel has kinds; anything but `appointment` elsewhere is a mistake worth naming. */
export function onlyAppointments(vendor: SchedulingVendor, input: RescheduleInput): void {
  if (input.kind !== undefined && input.kind !== "appointment") {
    throw new ValidationError("kind", `must be "appointment" for ${vendor}`, `Invalid kind: ${vendor} has no "${String(input.kind)}"; only leadconnector has block slots`);
  }
}

export const result = (move: PreparedMove, raw: unknown, jobId?: string): RescheduleResult => (jobId === undefined ? { ...move, raw } : { ...move, jobId, raw });
