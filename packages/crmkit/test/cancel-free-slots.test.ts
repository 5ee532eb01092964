// crm.scheduling.cancelAppointment and findFreeSlots against scripted vendors.
import { AbortError, NotFoundError, ValidationError } from "@crmkit/core";
import { describe, expect, it } from "vitest";
import { NotSupportedError, createCrmkit } from "../src/index.js";
import { leadConnectorAdapter } from "../src/leadconnector.js";
import { leadSquaredAdapter } from "../src/leadsquared.js";
import { allVendors, caught, fakeVendor, guid, json, quiet } from "./helpers.js";

describe("cancelAppointment: the way each vendor documents it", () => {
  it("HighLevel: a status change, PUT the appointment with appointmentStatus cancelled", async () => {
    const { crm, calls } = allVendors(() => json({ id: "ev1", calendarId: "c", locationId: "l", contactId: "k", appointmentStatus: "cancelled" }));
    const result = await crm.scheduling.cancelAppointment({ vendor: "leadconnector", appointmentId: "ev1" });
    expect(calls.map((c) => [c.method, c.path, c.body])).toEqual([["PUT", "/calendars/events/appointments/ev1", { appointmentStatus: "cancelled" }]]);
    expect(result).toEqual({ vendor: "leadconnector", appointmentId: "ev1", via: "status-change", raw: { id: "ev1", calendarId: "c", locationId: "l", contactId: "k", appointmentStatus: "cancelled" } });
  });

  it("LeadSquared: DeleteTasks, the only way its contract offers, under the bulk limit; a task it did not delete is NotFoundError", async () => {
    const deleted = { Status: "Success", Operation: "Bulk Delete Tasks", TasksCount: 1, DeletedTasksCount: 1, FailureReason: null };
    const { crm, calls } = allVendors(() => json(deleted));
    const result = await crm.scheduling.cancelAppointment({ vendor: "leadsquared", appointmentId: guid(4) });
    expect(calls.map((c) => [c.method, c.path, c.body])).toEqual([["POST", "/v2/Task.svc/DeleteTasks", { TaskIds: [guid(4)] }]]);
    expect(result).toEqual({ vendor: "leadsquared", appointmentId: guid(4), via: "delete", raw: deleted });

    const none = allVendors(() => json({ ...deleted, DeletedTasksCount: 0, FailureReason: "Task not found" }));
    const error = await caught(() => none.crm.scheduling.cancelAppointment({ vendor: "leadsquared", appointmentId: guid(5) }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ vendor: "leadsquared", code: "NOT_DELETED", message: `LeadSquared deleted no task ${guid(5)}: Task not found` });
  });

  it("LeadSquared: cancels wait for the bulk limit's turn like moves, and give it back", async () => {
    const vendor = fakeVendor(() => json({ Status: "Success", TasksCount: 1, DeletedTasksCount: 1, FailureReason: null }));
    const crm = createCrmkit({
      leadsquared: leadSquaredAdapter({ accessKey: "a", secretKey: "s", baseUrl: "https://lsq.test", fetch: vendor.fetch, ...quiet, bulkRateLimit: { limit: 1, windowMs: 60_000 } }),
    });
    await crm.scheduling.cancelAppointment({ vendor: "leadsquared", appointmentId: guid(1) });
    const controller = new AbortController();
    const second = crm.scheduling.cancelAppointment({ vendor: "leadsquared", appointmentId: guid(2) }, { signal: controller.signal });
    controller.abort();
    expect(await caught(() => second)).toBeInstanceOf(AbortError);
    expect(vendor.calls).toHaveLength(1); // the second waited for the next turn of the window and was never sent
  });

  it("One-Link: its own cancel call", async () => {
    const { crm, calls } = allVendors(() => json({ payload: { id: 5124, status: "cancelled" } }));
    const result = await crm.scheduling.cancelAppointment({ vendor: "onelink", appointmentId: "5124" });
    expect(calls.map((c) => [c.method, c.path, c.body])).toEqual([["POST", "/api/v1/accounts/7/scheduling/appointments/5124/cancel", undefined]]);
    expect(result).toMatchObject({ vendor: "onelink", appointmentId: "5124", via: "cancel-call" });
  });

  it("a bad id is a ValidationError, and a vendor without appointments NotSupportedError; nothing is sent", async () => {
    const { crm, calls } = allVendors();
    await expect(crm.scheduling.cancelAppointment({ vendor: "onelink", appointmentId: "abc" })).rejects.toMatchObject({ name: "ValidationError", field: "appointmentId" });
    await expect(crm.scheduling.cancelAppointment({ vendor: "leadsquared", appointmentId: "1" })).rejects.toMatchObject({ field: "appointmentId" });
    const pexip = await caught(() => crm.scheduling.cancelAppointment({ vendor: "pexip-engage" as never, appointmentId: "1" }));
    expect(pexip).toBeInstanceOf(NotSupportedError);
    expect(pexip).toMatchObject({ vendor: "pexip-engage", operation: "cancelAppointment", message: "pexip-engage does not support cancelAppointment: it has no appointments" });
    expect(calls).toHaveLength(0);
  });
});

describe("findFreeSlots", () => {
  const days = {
    "2026-03-10": { slots: ["2026-03-10T10:00:00+05:00", "2026-03-10T09:00:00+05:00"] },
    "2026-03-11": { slots: ["2026-03-11T09:30:00+05:00"] },
    traceId: "b1f0c2", // not a day
  };

  it("HighLevel: GET /calendars/{calendarId}/free-slots; each start plus the slot length, in order", async () => {
    const { crm, calls } = allVendors(() => json(days));
    const slots = await crm.scheduling.findFreeSlots({ vendor: "leadconnector", from: "2026-03-10T00:00:00+05:00", to: "2026-03-12T00:00:00+05:00", timezone: "Asia/Almaty", slotMinutes: 30 });
    expect(calls[0]).toMatchObject({ method: "GET", path: "/calendars/cal-1/free-slots" });
    expect(Object.fromEntries(calls[0]!.url.searchParams)).toEqual({
      startDate: String(Date.parse("2026-03-09T19:00:00Z")),
      endDate: String(Date.parse("2026-03-11T19:00:00Z")),
      timezone: "Asia/Almaty",
    });
    expect(slots.map((s) => [s.start.toISOString(), s.end.toISOString()])).toEqual([
      ["2026-03-10T04:00:00.000Z", "2026-03-10T04:30:00.000Z"],
      ["2026-03-10T05:00:00.000Z", "2026-03-10T05:30:00.000Z"],
      ["2026-03-11T04:30:00.000Z", "2026-03-11T05:00:00.000Z"],
    ]);
  });

  it("HighLevel: a window over 31 days goes in 31-day parts, each slot once; the adapter's slot length and calendar", async () => {
    const vendor = fakeVendor((call) => {
      const from = Number(call.url.searchParams.get("startDate"));
      // Each part answers its first and last whole day, as a vendor answering by day would: both borders overlap.
      return json({ a: { slots: [new Date(from).toISOString(), new Date(from + 31 * 86_400_000 - 3_600_000).toISOString()] } });
    });
    const crm = createCrmkit({ leadconnector: leadConnectorAdapter({ token: "t", fetch: vendor.fetch, ...quiet, calendarId: "cal-7", slotMinutes: 45 }) });
    const slots = await crm.scheduling.findFreeSlots({ vendor: "leadconnector", from: "2026-01-01T00:00:00Z", to: "2026-03-01T00:00:00Z", userId: "u1" });
    expect(vendor.calls.map((c) => [c.path, new Date(Number(c.url.searchParams.get("startDate"))).toISOString(), new Date(Number(c.url.searchParams.get("endDate"))).toISOString(), c.url.searchParams.get("userId")])).toEqual([
      ["/calendars/cal-7/free-slots", "2026-01-01T00:00:00.000Z", "2026-02-01T00:00:00.000Z", "u1"],
      ["/calendars/cal-7/free-slots", "2026-02-01T00:00:00.000Z", "2026-03-01T00:00:00.000Z", "u1"],
    ]);
    expect(slots.map((s) => s.start.toISOString())).toEqual(["2026-01-01T00:00:00.000Z", "2026-01-31T23:00:00.000Z", "2026-02-01T00:00:00.000Z"]);
    expect(slots.every((s) => s.end.getTime() - s.start.getTime() === 45 * 60_000)).toBe(true);
  });

  it("LeadSquared and One-Link document no availability: NotSupportedError naming the vendor and the operation", async () => {
    const { crm, calls } = allVendors();
    for (const vendor of ["leadsquared", "onelink"] as const) {
      const error = await caught(() => crm.scheduling.findFreeSlots({ vendor, from: "2026-03-10T00:00:00Z", to: "2026-03-11T00:00:00Z" }));
      expect(error).toBeInstanceOf(NotSupportedError);
      expect(error).toMatchObject({ name: "NotSupportedError", vendor, operation: "findFreeSlots" });
      expect(error.message).toMatch(new RegExp(`^${vendor} does not support findFreeSlots: .*no availability`));
    }
    expect(calls).toHaveLength(0);
  });

  it.each([
    ["an unknown time zone", { timezone: "Mars/Olympus", slotMinutes: 30 }, "timezone"],
    ["no slot length anywhere", {}, "slotMinutes"],
    ["a slot length that is not whole minutes", { slotMinutes: 7.5 }, "slotMinutes"],
    ["to before from", { slotMinutes: 30, to: "2026-03-09T00:00:00Z" }, "to"],
  ] as const)("HighLevel, %s: a ValidationError naming the field, nothing sent", async (_, over, field) => {
    const { crm, calls } = allVendors();
    const error = await caught(() => crm.scheduling.findFreeSlots({ vendor: "leadconnector", from: "2026-03-10T00:00:00Z", to: "2026-03-11T00:00:00Z", ...over }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.field).toBe(field);
    expect(calls).toHaveLength(0);
  });
});
