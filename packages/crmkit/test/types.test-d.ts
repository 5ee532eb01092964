import { describe, expectTypeOf, it } from "vitest";
import {
  type Appointment,
  type CancelResult,
  type CreatedAppointment,
  type CrmkitError,
  type FreeSlot,
  type ListAppointmentsInput,
  type LeadSquaredClient,
  type OneLinkComponents,
  type RescheduleInput,
  type RescheduleOutcome,
  type RescheduleResult,
  createCrmkit,
  createLeadSquaredClient,
} from "../src/index.js";
import { leadSquaredAdapter } from "../src/leadsquared.js";
import { oneLinkAdapter, type paths as OneLinkPaths } from "../src/onelink.js";

const crm = createCrmkit({ leadsquared: leadSquaredAdapter({ accessKey: "a", secretKey: "s" }) });
const when = { start: "2026-03-10T10:30:00+05:00", end: new Date() };

describe("crmkit facade types", () => {
  it("exposes each vendor's own typed client", () => {
    expectTypeOf(crm.leadsquared).toEqualTypeOf<LeadSquaredClient>();
    void crm.leadsquared.POST("/v2/Task.svc/BulkUpdateAppointmentTime", { body: { TaskList: [] } });
    // @ts-expect-error the path does not exist in the LeadSquared contract
    void crm.leadsquared.POST("/v2/Task.svc/BulkUpdate", { body: {} });
  });

  it("types the scheduling results", () => {
    expectTypeOf(crm.scheduling.reschedule({ vendor: "onelink", appointmentId: 1, ...when })).resolves.toEqualTypeOf<RescheduleResult>();
    expectTypeOf(crm.scheduling.getAppointment({ vendor: "leadsquared", appointmentId: "x" })).resolves.toEqualTypeOf<Appointment>();
    expectTypeOf<Appointment["status"]>().toEqualTypeOf<"scheduled" | "confirmed" | "completed" | "cancelled" | "no_show" | "unknown">();
    expectTypeOf(crm.scheduling.rescheduleMany([])).resolves.toEqualTypeOf<RescheduleOutcome[]>();
    const outcome = {} as RescheduleOutcome;
    if (outcome.ok) expectTypeOf(outcome.result).toEqualTypeOf<RescheduleResult>();
    else expectTypeOf(outcome.error).toEqualTypeOf<CrmkitError>();
  });

  it("rejects moves on vendors without appointments, and unknown kinds", () => {
    // @ts-expect-error Pexip Engage's contract has no appointments
    const pexip: RescheduleInput = { vendor: "pexip-engage", appointmentId: "1", ...when };
    // @ts-expect-error only "appointment" and "block-slot"
    const kind: RescheduleInput = { vendor: "leadconnector", appointmentId: "1", kind: "meeting", ...when };
    // @ts-expect-error start is a Date or a string
    const start: RescheduleInput = { vendor: "onelink", appointmentId: 1, start: 1_772_000_000_000, end: new Date() };
    void [pexip, kind, start];
  });

  it("types the appointment loop: a listing to iterate, a booking, a cancel, free slots", () => {
    const week = { from: "2026-03-09T00:00:00+05:00", to: new Date() };
    expectTypeOf(crm.scheduling.listAppointments({ vendor: "onelink", ...week })).toEqualTypeOf<AsyncIterable<Appointment>>();
    expectTypeOf<Appointment["createdAt"]>().toEqualTypeOf<Date | undefined>();
    expectTypeOf(crm.scheduling.createAppointment({ vendor: "onelink", start: "2026-03-10T10:30:00+05:00", end: new Date(), resourceId: 7, clientName: "Dana" })).resolves.toEqualTypeOf<CreatedAppointment>();
    expectTypeOf(crm.scheduling.cancelAppointment({ vendor: "leadsquared", appointmentId: "x" })).resolves.toEqualTypeOf<CancelResult>();
    expectTypeOf<CancelResult["via"]>().toEqualTypeOf<"status-change" | "cancel-call" | "delete">();
    expectTypeOf(crm.scheduling.findFreeSlots({ vendor: "leadconnector", ...week, timezone: "Asia/Almaty" })).resolves.toEqualTypeOf<FreeSlot[]>();
    expectTypeOf<FreeSlot>().toEqualTypeOf<{ start: Date; end: Date }>();
  });

  it("names each vendor's filters and booking fields, and only that vendor's", () => {
    const week = { from: "2026-03-09T00:00:00+05:00", to: "2026-03-16T00:00:00+05:00" };
    const fine: ListAppointmentsInput[] = [
      { vendor: "leadconnector", ...week, calendarId: "c" },
      { vendor: "leadconnector", ...week, userId: "u" },
      { vendor: "leadsquared", ...week, userId: ["a", "b"] },
      { vendor: "onelink", ...week, resourceId: [7, 9] },
    ];
    // @ts-expect-error LeadSquared lists one owner's (or several owners') appointments: userId is required
    const noOwner: ListAppointmentsInput = { vendor: "leadsquared", ...week };
    // @ts-expect-error One-Link filters by resource, not calendar
    const calendar: ListAppointmentsInput = { vendor: "onelink", ...week, calendarId: "c" };
    // @ts-expect-error Pexip Engage has no appointments
    const pexip: ListAppointmentsInput = { vendor: "pexip-engage", ...week };
    void [fine, noOwner, calendar, pexip];

    const at = { start: "2026-03-10T10:30:00+05:00", end: "2026-03-10T11:00:00+05:00" };
    void crm.scheduling.createAppointment({ vendor: "leadconnector", ...at, contactId: "k", title: "Intro" });
    void crm.scheduling.createAppointment({ vendor: "leadsquared", ...at, taskType: "Meeting", assignedUserId: "u" });
    // @ts-expect-error HighLevel books for a contact
    void crm.scheduling.createAppointment({ vendor: "leadconnector", ...at });
    // @ts-expect-error One-Link needs the resource and the client's name
    void crm.scheduling.createAppointment({ vendor: "onelink", ...at, resourceId: 7 });
    // @ts-expect-error One-Link appointments have no title
    void crm.scheduling.createAppointment({ vendor: "onelink", ...at, resourceId: 7, clientName: "Dana", title: "Visit" });
  });

  it("takes an adapter per config entry, made from options or from a client", () => {
    createCrmkit({ leadsquared: leadSquaredAdapter({ client: createLeadSquaredClient({ accessKey: "a", secretKey: "s" }) }) });
    // @ts-expect-error One-Link needs its account id
    oneLinkAdapter({ apiAccessToken: "t" });
    // @ts-expect-error a client is not an adapter
    createCrmkit({ leadsquared: createLeadSquaredClient({ accessKey: "a", secretKey: "s" }) });
    // @ts-expect-error the adapter of another vendor
    createCrmkit({ leadsquared: oneLinkAdapter({ apiAccessToken: "t", accountId: 1 }) });
  });

  it("re-exports the vendor types, renamed on the main entry and as they are on the subpath", () => {
    expectTypeOf<OneLinkComponents>().toEqualTypeOf<import("@crmkit/onelink").components>();
    expectTypeOf<OneLinkPaths>().toEqualTypeOf<import("@crmkit/onelink").paths>();
  });
});
