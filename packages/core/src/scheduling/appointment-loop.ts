// The inputs and results of the appointment loop beyond moves: list, book, cancel, find free time.
import type { Appointment } from "./types.js";

/** A search window: `from` inclusive, `to` exclusive, each a `Date` or an ISO 8601 string with an offset. */
export interface TimeWindowInput {
  from: Date | string;
  to: Date | string;
}

/** What every vendor's listing takes; each adapter adds its own filters (`SchedulingShapes.list`). */
export interface ListAppointmentsQuery<V extends string = string> extends TimeWindowInput {
  vendor: V;
}

export interface ListAppointmentsOptions {
  /** Stops the listing: no further page is requested, and the request in flight is aborted. */
  signal?: AbortSignal;
  /** Appointments per page on vendors that page (the vendor's default otherwise); ignored where the vendor has no pages. */
  pageSize?: number;
}

/** What every vendor's booking takes; each adapter adds what it needs to place it (`SchedulingShapes.create`). */
export interface CreateAppointmentInput<V extends string = string> {
  vendor: V;
  /** A `Date`, or an ISO 8601 string with an offset. */
  start: Date | string;
  end: Date | string;
  title?: string;
  /** The person the appointment is with, as the vendor identifies them. */
  contactId?: string | number;
}

/** The booked appointment, as the vendor confirmed it. */
export interface CreatedAppointment<V extends string = string> extends Appointment<V> {
  /**
   * On vendors whose booking takes an idempotency key: the key that was sent (the caller's, or one crmkit generated).
   * Booking again with the same key returns this appointment instead of a second one.
   */
  idempotencyKey?: string;
}

export interface CancelAppointmentInput<V extends string = string> {
  vendor: V;
  appointmentId: string | number;
}

export interface CancelResult<V extends string = string> {
  vendor: V;
  appointmentId: string;
  /**
   * How the vendor cancelled it: `status-change` (the appointment stays, with a cancelled status), `cancel-call` (the
   * vendor's own cancel operation) or `delete` (the record is gone: the only way the vendor's contract offers).
   */
  via: "status-change" | "cancel-call" | "delete";
  /** Vendors that cancel asynchronously: id of the job that carries it. */
  jobId?: string;
  /** The vendor's response body. */
  raw: unknown;
}

/** What every vendor's free-slot search takes; each adapter adds its own filters (`SchedulingShapes.freeSlots`). */
export interface FreeSlotsQuery<V extends string = string> extends TimeWindowInput {
  vendor: V;
  /** IANA time zone the vendor computes the slots in (e.g. `Asia/Almaty`); the vendor's default when absent. */
  timezone?: string;
}

/** A free time slot. */
export interface FreeSlot {
  start: Date;
  end: Date;
}

/** The vendor-specific parts of the loop's inputs, which a vendor's adapter declares (its filters and booking target). */
export interface SchedulingShapes {
  /** listAppointments' filters besides vendor, from and to. */
  list: object;
  /** createAppointment's fields besides vendor, start, end, title and contactId. */
  create: object;
  /** findFreeSlots' filters besides vendor, from, to and timezone. */
  freeSlots: object;
}
