// The scheduling model (from @crmkit/core/scheduling), with the vendor ids narrowed to the vendors crmkit ships with.
import type * as Model from "@crmkit/core/scheduling";
import type { SchedulingVendor } from "./vendors.js";

export type { AppointmentStatus, MoveConfirmation, MoveConfirmingAdapter, RescheduleProgress, SchedulingAdapter, VendorAdapter } from "@crmkit/core/scheduling";
export type { SchedulingVendor };
export type RescheduleInput<V extends string = SchedulingVendor> = Model.RescheduleInput<V>;
export type PreparedMove<V extends string = SchedulingVendor> = Model.PreparedMove<V>;
export type RescheduleResult<V extends string = SchedulingVendor> = Model.RescheduleResult<V>;
export type Appointment<V extends string = SchedulingVendor> = Model.Appointment<V>;
/**
 * One item's outcome. With `rescheduleMany(…, { confirm: true })` a successful one also says whether the move has
 * been seen done (`confirmed`); `confirmation` holds the details where the vendor's adapter had to find out (a vendor
 * that moves asynchronously), and is absent where the vendor's answer to the move was the moved appointment.
 */
export type RescheduleOutcome<V extends string = SchedulingVendor> =
  | (Extract<Model.RescheduleOutcome<V>, { ok: true }> & { confirmed?: boolean; confirmation?: Model.MoveConfirmation<V> })
  | Extract<Model.RescheduleOutcome<V>, { ok: false }>;

export interface RescheduleManyOptions extends Model.RescheduleManyOptions {
  /**
   * Also learn whether each accepted move took, and say so in `confirmed`: the items finish only then. Vendors that
   * move synchronously are confirmed by their answer; LeadSquared's asynchronous jobs by reading the tasks back (see
   * `leadSquaredAdapter`'s `confirm` settings). Default false.
   */
  confirm?: boolean;
}
