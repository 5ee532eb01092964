import type { CrmkitError, VendorName } from "@crmkit/core";
import type { Instant } from "./time.js";

/** Vendors whose appointments `crm.scheduling` can read and move. (Pexip Engage's contract has no appointments.) */
export type SchedulingVendor = "leadconnector" | "leadsquared" | "onelink";
export const schedulingVendors: readonly SchedulingVendor[] = ["leadconnector", "leadsquared", "onelink"];

/**
 * One status set for every vendor (see the README for the mapping):
 * - `scheduled`: booked, not confirmed (HighLevel `new`/`active`, One-Link `scheduled`, LeadSquared open task);
 * - `confirmed`: HighLevel and One-Link `confirmed`;
 * - `completed`: took place (HighLevel `showed`/`completed`, One-Link `completed`, LeadSquared completed task);
 * - `cancelled`: will not take place (HighLevel `cancelled`/`invalid`, One-Link `cancelled`);
 * - `no_show`: HighLevel `noshow`, One-Link `no_show`;
 * - `unknown`: anything else the vendor sends (the original is in `raw`).
 */
export type AppointmentStatus = "scheduled" | "confirmed" | "completed" | "cancelled" | "no_show" | "unknown";

/** What to move, where to. */
export interface RescheduleInput {
  vendor: SchedulingVendor;
  /** HighLevel event id, LeadSquared `UserTaskId` (a GUID) or One-Link appointment id (a positive integer). */
  appointmentId: string | number;
  /** A `Date`, or an ISO 8601 string with an offset (`2026-03-08T09:30:00-05:00`). */
  start: Date | string;
  end: Date | string;
  /** HighLevel only: move an appointment (default) or a blocked slot. */
  kind?: "appointment" | "block-slot";
  /** HighLevel block slots: the location (sub-account); defaults to the adapter's `locationId`. */
  locationId?: string;
  /** HighLevel block slots: the calendar, or `assignedUserId` (not both); defaults to the adapter's. */
  calendarId?: string;
  assignedUserId?: string;
}

/** A validated move, converted to the vendor's wire format; nothing has been sent. */
export interface PreparedMove {
  vendor: SchedulingVendor;
  appointmentId: string;
  kind: "appointment" | "block-slot";
  start: Date;
  end: Date;
  /** The times exactly as they go to the vendor: ISO 8601 in the caller's offset, or LeadSquared's UTC `YYYY-MM-DD HH:MM:SS`. */
  sent: { start: string; end: string };
  /** The vendor request (path parameters and body), for the adapter. */
  request: Record<string, unknown>;
}

export interface RescheduleResult extends PreparedMove {
  /** LeadSquared: id of the bulk job that carries the move (the job runs asynchronously on LeadSquared's side). */
  jobId?: string;
  /** The vendor's response body. */
  raw: unknown;
}

/** An appointment in one shape for every vendor. */
export interface Appointment {
  vendor: SchedulingVendor;
  id: string;
  start: Date;
  end: Date;
  status: AppointmentStatus;
  /** The vendor's own record. */
  raw: unknown;
}

export interface RescheduleProgress {
  /** Items finished so far, failed ones included. */
  done: number;
  /** Items failed so far. */
  failed: number;
  total: number;
}

export type RescheduleOutcome =
  | { index: number; item: RescheduleInput; ok: true; result: RescheduleResult }
  | { index: number; item: RescheduleInput; ok: false; error: CrmkitError };

export interface RescheduleManyOptions {
  /** Requests in flight at once per vendor (LeadSquared: bulk calls). Default 4. The clients' rate limiters apply too. */
  concurrency?: number;
  /** LeadSquared moves per BulkUpdateAppointmentTime call; default: the adapter's `chunkSize` (50). */
  chunkSize?: number;
  /** Called after every item that finishes (or fails). */
  onProgress?: (progress: RescheduleProgress) => void;
  /** Aborting fails every unfinished item with an AbortError; none is dropped. */
  signal?: AbortSignal;
}

/** What `crm.scheduling` needs from a vendor adapter. Made by `leadConnectorAdapter()`, `leadSquaredAdapter()`, … */
export interface SchedulingAdapter<V extends VendorName = VendorName, Client = unknown> {
  readonly vendor: V;
  readonly client: Client;
  /** @internal Validate and convert one move (throws ValidationError); vendor-specific checks and formats. */
  readonly prepare?: (input: RescheduleInput, range: { start: Instant; end: Instant }) => PreparedMove;
  /** @internal Send one prepared move. */
  readonly send?: (move: PreparedMove, signal?: AbortSignal) => Promise<RescheduleResult>;
  /** @internal Send prepared moves in one vendor call (LeadSquared), at most `chunkSize` per call. */
  readonly sendBulk?: (moves: PreparedMove[], signal?: AbortSignal) => Promise<RescheduleResult[]>;
  readonly chunkSize?: number;
  /** @internal Validate an appointment id (throws ValidationError) and return it as the vendor writes it. */
  readonly appointmentId?: (id: unknown) => string;
  /** @internal Read one appointment, normalized. */
  readonly getAppointment?: (id: string, signal?: AbortSignal) => Promise<Appointment>;
}
