// The scheduling model (from @crmkit/core/scheduling), with the vendor ids narrowed to the vendors crmkit ships with,
// and the facade's inputs: `{ vendor, … }` with the fields of that vendor's adapter.
import type * as Model from "@crmkit/core/scheduling";
import type { BuiltInSchedulingAdapter, SchedulingVendor } from "./vendors.js";

export type {
  AppointmentStatus,
  FreeSlot,
  ListAppointmentsOptions,
  MoveConfirmation,
  MoveConfirmingAdapter,
  RescheduleProgress,
  SchedulingAdapter,
  SchedulingShapes,
  VendorAdapter,
} from "@crmkit/core/scheduling";
export type { BuiltInSchedulingAdapter, SchedulingVendor };
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

export type CreatedAppointment<V extends string = SchedulingVendor> = Model.CreatedAppointment<V>;
export type CancelAppointmentInput<V extends string = SchedulingVendor> = Model.CancelAppointmentInput<V>;
export type CancelResult<V extends string = SchedulingVendor> = Model.CancelResult<V>;

/** The vendor id of an adapter (never for an adapter without appointments). */
export type VendorOf<A> = A extends Model.SchedulingAdapter<infer V, any, any> ? V : never;
/** `{ vendor, from, to }` with the filters of that vendor: `calendarId`/`userId` (HighLevel), `userId` (LeadSquared), `resourceId` (One-Link). */
export type ListAppointmentsInput<A extends Model.SchedulingAdapter = BuiltInSchedulingAdapter> = A extends Model.SchedulingAdapter ? Parameters<A["listAppointments"]>[0] : never;
/** `{ vendor, start, end, title?, contactId? }` with what that vendor needs to place a booking. */
export type CreateAppointmentInput<A extends Model.SchedulingAdapter = BuiltInSchedulingAdapter> = A extends Model.SchedulingAdapter ? Parameters<A["createAppointment"]>[0] : never;
/** `{ vendor, from, to, timezone? }` with that vendor's free-slot filters. */
export type FindFreeSlotsInput<A extends Model.SchedulingAdapter = BuiltInSchedulingAdapter> = A extends Model.SchedulingAdapter ? Parameters<A["findFreeSlots"]>[0] : never;
