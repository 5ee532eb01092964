import { describe, expectTypeOf, it } from "vitest";
import {
  type Appointment,
  type CrmkitError,
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
