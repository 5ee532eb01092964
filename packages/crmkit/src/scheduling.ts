// crm.scheduling: one API over every configured vendor's appointments. It names no vendor: each call goes to the
// adapter of the vendor it names, which the vendor's own package made.
import { ValidationError } from "@crmkit/core";
import { NotSupportedError, type SchedulingAdapter, type VendorAdapter, isSchedulingAdapter, parseRange } from "@crmkit/core/scheduling";
import { appointmentLoop } from "./appointments.js";
import { rescheduleMany } from "./reschedule-many.js";
import type {
  Appointment,
  CancelAppointmentInput,
  CancelResult,
  CreateAppointmentInput,
  CreatedAppointment,
  FindFreeSlotsInput,
  FreeSlot,
  ListAppointmentsInput,
  ListAppointmentsOptions,
  PreparedMove,
  RescheduleInput,
  RescheduleManyOptions,
  RescheduleOutcome,
  RescheduleResult,
  VendorOf,
} from "./types.js";
import { type BuiltInSchedulingAdapter, type VendorSchedulingMethods, vendorSchedulingMethods } from "./vendors.js";

export interface CallOptions {
  signal?: AbortSignal;
}

/** `A`: the scheduling adapters a caller may name (the built-in ones, and any other configured). */
export interface Scheduling<A extends SchedulingAdapter = BuiltInSchedulingAdapter> extends VendorSchedulingMethods {
  /** Move one appointment (or blocked slot). Throws ValidationError before any request, or the vendor's typed error. */
  reschedule(input: RescheduleInput<VendorOf<A>>, options?: CallOptions): Promise<RescheduleResult<VendorOf<A>>>;
  /** Validate a move and convert it to the vendor's format without sending it (a dry run). */
  prepareReschedule(input: RescheduleInput<VendorOf<A>>): PreparedMove<VendorOf<A>>;
  /** Read one appointment in crmkit's shape: `{ vendor, id, start, end, status, title?, …, raw }`. */
  getAppointment(input: { vendor: VendorOf<A>; appointmentId: string | number }, options?: CallOptions): Promise<Appointment<VendorOf<A>>>;
  /**
   * Move many appointments across vendors. Resolves to one outcome per item, in input order; never rejects for an item's
   * failure. Moves go out in vendor calls of the adapter's `chunkSize` (bulk APIs), `concurrency` at a time per vendor.
   */
  rescheduleMany(items: readonly RescheduleInput<VendorOf<A>>[], options?: RescheduleManyOptions): Promise<RescheduleOutcome<VendorOf<A>>[]>;
  /**
   * The appointments that start in `[from, to)`, one vendor's, following its pages as they are read:
   * `for await (const a of crm.scheduling.listAppointments({ vendor, from, to, … }))`. The query is checked at once
   * (ValidationError, nothing sent); `signal` stops the listing between and during requests.
   */
  listAppointments(query: ListAppointmentsInput<A>, options?: ListAppointmentsOptions): AsyncIterable<Appointment<VendorOf<A>>>;
  /** Book an appointment; resolves to it as the vendor confirmed it. Retried only where the vendor makes that safe. */
  createAppointment(input: CreateAppointmentInput<A>, options?: CallOptions): Promise<CreatedAppointment<VendorOf<A>>>;
  /** Cancel an appointment the way its vendor documents it (`via` in the result says how). */
  cancelAppointment(input: CancelAppointmentInput<VendorOf<A>>, options?: CallOptions): Promise<CancelResult<VendorOf<A>>>;
  /** Free slots in `[from, to)`, by start; NotSupportedError for a vendor that documents no availability. */
  findFreeSlots(query: FindFreeSlotsInput<A>, options?: CallOptions): Promise<FreeSlot[]>;
}

/** `crm.scheduling` over the configured adapters; `adapterFor` throws for a vendor that is not configured. */
export function createScheduling(adapterFor: (vendor: string) => VendorAdapter): Scheduling<SchedulingAdapter> {
  const schedulingAdapter = (vendor: unknown, operation?: keyof SchedulingAdapter): SchedulingAdapter => {
    if (typeof vendor !== "string" || vendor === "") throw new ValidationError("vendor", "must be a vendor id", `Invalid vendor: ${JSON.stringify(vendor)}`);
    const adapter = adapterFor(vendor);
    if (!isSchedulingAdapter(adapter)) {
      if (operation) throw new NotSupportedError(vendor, operation, "it has no appointments");
      throw new ValidationError("vendor", "must be a vendor with appointments", `Invalid vendor: ${vendor} has no appointments to read or move`);
    }
    if (operation && typeof adapter[operation] !== "function") throw new NotSupportedError(vendor, operation, "its adapter does not implement it");
    return adapter;
  };
  const prepare = (input: RescheduleInput<string>): [SchedulingAdapter, PreparedMove<string>] => {
    if (typeof input !== "object" || input === null) throw new ValidationError("move", "must be an object { vendor, appointmentId, start, end }");
    const adapter = schedulingAdapter(input.vendor);
    return [adapter, adapter.prepare(input, parseRange(input.start, input.end))];
  };
  /** A vendor-only method: the configured adapter of the vendor that has it, called with the signal last. */
  const callVendor = async (name: keyof VendorSchedulingMethods, args: unknown[], options: CallOptions | undefined): Promise<never> => {
    const adapter = adapterFor(vendorSchedulingMethods[name]) as unknown as Record<string, (...a: unknown[]) => Promise<never>>;
    return adapter[name]!(...args, options?.signal);
  };

  return {
    prepareReschedule: (input) => prepare(input)[1],
    reschedule: async (input, options) => {
      const [adapter, move] = prepare(input);
      return (await adapter.send([move], options?.signal))[0]!;
    },
    getAppointment: async (input, options) => {
      if (typeof input !== "object" || input === null) throw new ValidationError("input", "must be an object { vendor, appointmentId }");
      const adapter = schedulingAdapter(input.vendor);
      return adapter.getAppointment(adapter.appointmentId(input.appointmentId), options?.signal);
    },
    rescheduleMany: (items, options) => rescheduleMany(items, options, prepare),
    ...appointmentLoop(schedulingAdapter),
    setLeadSegmentSchedulingSettings: (segmentId, settings, options) => callVendor("setLeadSegmentSchedulingSettings", [segmentId, settings], options),
    moveOpportunity: (input, options) => callVendor("moveOpportunity", [input], options),
  };
}
