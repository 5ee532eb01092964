// The scheduling model (from @crmkit/core/scheduling), with the vendor ids narrowed to the vendors crmkit ships with.
import type * as Model from "@crmkit/core/scheduling";
import type { SchedulingVendor } from "./vendors.js";

export type { AppointmentStatus, RescheduleManyOptions, RescheduleProgress, SchedulingAdapter, VendorAdapter } from "@crmkit/core/scheduling";
export type { SchedulingVendor };
export type RescheduleInput<V extends string = SchedulingVendor> = Model.RescheduleInput<V>;
export type PreparedMove<V extends string = SchedulingVendor> = Model.PreparedMove<V>;
export type RescheduleResult<V extends string = SchedulingVendor> = Model.RescheduleResult<V>;
export type Appointment<V extends string = SchedulingVendor> = Model.Appointment<V>;
export type RescheduleOutcome<V extends string = SchedulingVendor> = Model.RescheduleOutcome<V>;
