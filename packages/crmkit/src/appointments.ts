// crm.scheduling's appointment loop beyond moves: list, book, cancel, find free time. The facade checks what every
// vendor shares (the vendor, the times, the page size) before anything is sent; each adapter checks its own fields.
import { ValidationError } from "@crmkit/core";
import { type SchedulingAdapter, parseRange, parseWindow, positiveInteger, requireTimeZone } from "@crmkit/core/scheduling";
import type { Scheduling } from "./scheduling.js";

/** The adapter for `vendor`, which must implement `operation` (NotSupportedError otherwise). */
export type ResolveAdapter = (vendor: unknown, operation: keyof SchedulingAdapter) => SchedulingAdapter;

const requireObject = (value: unknown, shape: string) => {
  if (typeof value !== "object" || value === null) throw new ValidationError("input", `must be an object ${shape}`);
};

export function appointmentLoop(
  resolve: ResolveAdapter,
): Pick<Scheduling<SchedulingAdapter>, "listAppointments" | "createAppointment" | "cancelAppointment" | "findFreeSlots"> {
  return {
    listAppointments(query, options = {}) {
      requireObject(query, "{ vendor, from, to, … }");
      const adapter = resolve(query.vendor, "listAppointments");
      const window = parseWindow(query.from, query.to);
      const pageSize = options.pageSize === undefined ? undefined : positiveInteger(options.pageSize, "pageSize");
      return adapter.listAppointments(query, window, { signal: options.signal, pageSize });
    },
    async createAppointment(input, options) {
      requireObject(input, "{ vendor, start, end, … }");
      const adapter = resolve(input.vendor, "createAppointment");
      return adapter.createAppointment(input, parseRange(input.start, input.end), options?.signal);
    },
    async cancelAppointment(input, options) {
      requireObject(input, "{ vendor, appointmentId }");
      const adapter = resolve(input.vendor, "cancelAppointment");
      return adapter.cancelAppointment(adapter.appointmentId(input.appointmentId), options?.signal);
    },
    async findFreeSlots(query, options) {
      requireObject(query, "{ vendor, from, to, … }");
      const adapter = resolve(query.vendor, "findFreeSlots");
      const window = parseWindow(query.from, query.to);
      if (query.timezone !== undefined) requireTimeZone(query.timezone);
      return adapter.findFreeSlots(query, window, options?.signal);
    },
  };
}
