import { ValidationError } from "@crmkit/core";
import { type Instant, isoWithOffset, realWallClock, utc } from "@crmkit/core/scheduling";

const LSQ_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/;

/**
 * LeadSquared's request form: UTC `YYYY-MM-DD HH:MM:SS`. LeadSquared stores whole seconds, so an instant with
 * milliseconds is a ValidationError rather than a silent rounding.
 */
export function leadSquaredDateTime(t: Instant, field: string): string {
  if (t.ms % 1000 !== 0) {
    throw new ValidationError(field, "must be whole seconds for LeadSquared", `Invalid ${field}: LeadSquared takes whole seconds, ${isoWithOffset(t)} has milliseconds`);
  }
  return new Date(t.ms).toISOString().slice(0, 19).replace("T", " ");
}

/**
 * A LeadSquared response date (UTC `YYYY-MM-DD HH:MM:SS[.fff]`) as a Date; undefined when absent, malformed, not a real
 * date, or LeadSquared's "never" (`0001-01-01 00:00:00`).
 */
export function parseLeadSquaredDateTime(value: unknown): Date | undefined {
  const m = typeof value === "string" ? LSQ_DATE_TIME.exec(value) : null;
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (!realWallClock(y, mo, d, h, mi, s) || y <= 1) return undefined;
  return new Date(utc(y, mo, d, h, mi, s, Number((m[7] ?? "").padEnd(3, "0"))));
}

