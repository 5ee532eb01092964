// The appointment loop (list, book, cancel, free slots) against Prism: every request each facade method sends must pass
// Prism's validation of the vendor's contract, and what comes back is a result or a typed vendor error. Static mode
// serves the contracts' examples, so its results are checked exactly.
import { ApiError } from "@crmkit/core";
import { describe, expect, it } from "vitest";
import { type Appointment, NotSupportedError } from "../src/index.js";
import { isStatic, settle, setup } from "./contract-setup.js";

/** The listing's appointments; stops after a few pages (dynamic mode makes up a RecordCount of any size). */
async function listed(items: AsyncIterable<Appointment>, fetch: ReturnType<typeof setup>["fetch"]): Promise<Appointment[]> {
  const all: Appointment[] = [];
  for await (const a of items) {
    all.push(a);
    if (fetch.responses.length >= 6) break;
  }
  return all;
}

const summary = (a: Appointment) => ({ ...a, start: a.start.toISOString(), end: a.end.toISOString(), createdAt: a.createdAt?.toISOString(), updatedAt: a.updatedAt?.toISOString(), raw: undefined });

describe("crm.scheduling's appointment loop against the contracts", () => {
  it("listAppointments: HighLevel GET /calendars/events for the adapter's calendar", async () => {
    const { crm, fetch } = setup();
    const found = await settle(listed(crm.scheduling.listAppointments({ vendor: "leadconnector", from: "2023-09-25T00:00:00+05:30", to: "2023-09-26T00:00:00+05:30" }), fetch), fetch);
    expect(fetch.rejections).toEqual([]);
    expect(fetch.responses).toHaveLength(1);
    if (isStatic) {
      expect((found as Appointment[]).map(summary)).toEqual([
        {
          vendor: "leadconnector",
          id: "ocQHyuzHvysMo5N5VsXc",
          start: "2023-09-25T10:30:00.000Z",
          end: "2023-09-25T11:00:00.000Z",
          status: "confirmed",
          title: "Appointment with GHL Dev team",
          calendarId: "BqTwX8QFwXzpegMve9EQ",
          contactId: "9NkT25Vor1v4aQatFsv2",
          assignedUserId: "YlWd2wuCAZQzh2cH1fVZ",
          createdAt: "2023-09-20T04:42:00.000Z",
          updatedAt: "2023-09-21T03:30:00.000Z",
          raw: undefined,
        },
      ]);
    }
  });

  it("listAppointments: LeadSquared RetrieveAppointments/ByUserId, and Retrieve.GetById for a record listed without its end", async () => {
    const { crm, fetch } = setup();
    const query = { vendor: "leadsquared", from: "2018-08-28T00:00:00Z", to: "2018-08-29T00:00:00Z", userId: "3b1041fb-8374-11e7-8758-0a106ee76b21" } as const;
    const found = await settle(listed(crm.scheduling.listAppointments(query, { pageSize: 200 }), fetch), fetch);
    expect(fetch.rejections).toEqual([]);
    if (isStatic) {
      // The listing's example has no EndDate, so the task is read by id (whose static example is another task).
      expect(fetch.responses.map((r) => new URL(r.url).pathname)).toEqual(["/v2/Task.svc/RetrieveAppointments/ByUserId", "/v2/Task.svc/Retrieve.GetById"]);
      expect((found as Appointment[]).map((a) => [a.id, a.start.toISOString(), a.end.toISOString(), a.title, a.contactId])).toEqual([
        ["cad802c2-0c01-11ed-b7fd-0218d8753a48", "2022-02-23T13:10:00.000Z", "2022-02-23T13:15:00.000Z", "Meeting: Product demo", "7e5b7380-4295-4af2-9706-941ab71be772"],
      ]);
    }
  });

  it("listAppointments: One-Link GET …/scheduling/appointments for a resource", async () => {
    const { crm, fetch } = setup();
    const query = { vendor: "onelink", from: "2025-03-10T00:00:00+05:00", to: "2025-03-17T00:00:00+05:00", resourceId: [7, 9] } as const;
    const found = await settle(listed(crm.scheduling.listAppointments(query), fetch), fetch);
    expect(fetch.rejections).toEqual([]);
    expect(fetch.responses).toHaveLength(1);
    if (isStatic) {
      expect((found as Appointment[]).map((a) => [a.id, a.status, a.calendarId, a.title, a.start.toISOString()])).toEqual([
        ["5123", "scheduled", "7", "Первичная консультация терапевта", "2025-03-10T05:00:00.000Z"],
        ["5098", "completed", "9", "УЗИ брюшной полости", "2025-03-12T04:00:00.000Z"],
      ]);
    }
  });

  it("createAppointment: each vendor's booking", async () => {
    const { crm, fetch } = setup();
    const booked = [
      await settle(
        crm.scheduling.createAppointment({ vendor: "leadconnector", start: "2021-06-23T03:30:00+05:30", end: "2021-06-23T04:30:00+05:30", title: "Test Event", contactId: "0007BWpSzSwfiuSl0tR2" }),
        fetch,
      ),
      await settle(
        crm.scheduling.createAppointment({
          vendor: "leadsquared",
          start: "2021-11-25T13:10:00Z",
          end: "2021-11-25T13:15:00Z",
          title: "Meeting",
          contactId: "7e5b7380-4295-4af2-9706-941ab71be772",
          assignedUserId: "3b1041fb-8374-11e7-8758-0a106ee76b21",
          taskType: "Meeting",
        }),
        fetch,
      ),
      await settle(
        crm.scheduling.createAppointment({ vendor: "onelink", start: "2025-03-11T15:00:00+05:00", end: "2025-03-11T15:30:00+05:00", resourceId: 7, clientName: "Dana", contactId: 30418, serviceId: 41 }),
        fetch,
      ),
    ];
    expect(fetch.rejections).toEqual([]);
    expect(fetch.responses).toHaveLength(3);
    if (isStatic) {
      expect(booked.map((a) => [(a as Appointment).vendor, (a as Appointment).id, (a as Appointment).status])).toEqual([
        ["leadconnector", "0TkCdp9PfvLeWKYRRvIz", "confirmed"],
        ["leadsquared", "cad802c2-0c01-11ed-b7fd-0218d8753a48", "scheduled"],
        ["onelink", "5123", "scheduled"],
      ]);
    }
    const oneLink = booked[2];
    if (!(oneLink instanceof ApiError)) expect(oneLink!.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("cancelAppointment: a status change, a bulk delete, a cancel call", async () => {
    const { crm, fetch } = setup();
    const results = [
      await settle(crm.scheduling.cancelAppointment({ vendor: "leadconnector", appointmentId: "0TkCdp9PfvLeWKYRRvIz" }), fetch),
      await settle(crm.scheduling.cancelAppointment({ vendor: "leadsquared", appointmentId: "0017abfa-c100-11e5-9340-06c7eb5c8385" }), fetch),
      await settle(crm.scheduling.cancelAppointment({ vendor: "onelink", appointmentId: 5124 }), fetch),
    ];
    expect(fetch.rejections).toEqual([]);
    expect(fetch.responses.map((r) => new URL(r.url).pathname)).toEqual([
      "/calendars/events/appointments/0TkCdp9PfvLeWKYRRvIz",
      "/v2/Task.svc/DeleteTasks",
      "/api/v1/accounts/12/scheduling/appointments/5124/cancel",
    ]);
    if (isStatic) expect(results.map((r) => (r as { via: string }).via)).toEqual(["status-change", "delete", "cancel-call"]);
  });

  it("findFreeSlots: HighLevel GET /calendars/{calendarId}/free-slots; elsewhere NotSupportedError without a request", async () => {
    const { crm, fetch } = setup();
    const window = { from: "2024-10-28T00:00:00-05:00", to: "2024-10-30T00:00:00-05:00" };
    const slots = await settle(
      crm.scheduling.findFreeSlots({ vendor: "leadconnector", ...window, calendarId: "ocQHyuzHvysMo5N5VsXc", timezone: "America/Chihuahua", slotMinutes: 30 }),
      fetch,
    );
    expect(fetch.rejections).toEqual([]);
    expect(fetch.responses).toHaveLength(1);
    if (isStatic) {
      expect((slots as { start: Date; end: Date }[]).map((s) => [s.start.toISOString(), s.end.toISOString()])).toEqual([
        ["2024-10-28T15:00:00.000Z", "2024-10-28T15:30:00.000Z"],
        ["2024-10-28T16:00:00.000Z", "2024-10-28T16:30:00.000Z"],
        ["2024-10-29T15:00:00.000Z", "2024-10-29T15:30:00.000Z"],
        ["2024-10-29T19:30:00.000Z", "2024-10-29T20:00:00.000Z"],
      ]);
    }
    for (const vendor of ["leadsquared", "onelink"] as const) {
      await expect(crm.scheduling.findFreeSlots({ vendor, ...window })).rejects.toBeInstanceOf(NotSupportedError);
    }
    expect(fetch.responses).toHaveLength(1);
  });
});
