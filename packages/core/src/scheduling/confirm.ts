import type { Appointment, RescheduleResult } from "./types.js";

/** Whether a move the vendor accepted has been seen done. */
export interface MoveConfirmation<V extends string = string> {
  confirmed: boolean;
  /** Why it is not confirmed (still at the old times, not readable, no word within the time allowed …). */
  reason?: string;
  /** The appointment as last read back, when it was. */
  appointment?: Appointment<V>;
}

/**
 * The optional member of a scheduling adapter whose vendor accepts moves before doing them (an asynchronous job):
 * `confirm` learns each move's outcome and resolves to one confirmation per result, in order. A vendor that answers a
 * move with the moved appointment needs none: its answer is the confirmation.
 */
export interface MoveConfirmingAdapter<V extends string = string> {
  confirm?(results: readonly RescheduleResult<V>[], signal?: AbortSignal): Promise<MoveConfirmation<V>[]>;
}
