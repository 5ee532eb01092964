// crm.scheduling.listAppointments and createAppointment against scripted vendors: each vendor's request, the one
// appointment shape, and bad input caught before anything is sent.
import { AbortError, ServerError, ValidationError } from "@crmkit/core";
import { describe, expect, it } from "vitest";
import { createCrmkit } from "../src/index.js";
import { leadConnectorAdapter } from "../src/leadconnector.js";
import { allVendors, caught, collect, fakeVendor, guid, json, quiet } from "./helpers.js";

const hlEvent = {
  id: "ev1",
  title: "Intro call",
  calendarId: "cal-1",
  locationId: "loc-1",
  contactId: "contact-1",
  groupId: "",
  appointmentStatus: "confirmed",
  assignedUserId: "user-1",
  users: [],
  startTime: "2026-03-08T09:30:00+05:30",
  endTime: "2026-03-08T10:00:00+05:30",
  dateAdded: "2026-03-01T10:00:00+05:30",
  dateUpdated: "2026-03-02T10:00:00+05:30",
};
const lsqTask = (n: number, due: string, end: string) => ({
  UserTaskId: guid(n),
  Name: `Demo ${n}`,
  RelatedEntity: 1,
  RelatedEntityId: guid(900),
  DueDate: due,
  EndDate: end,
  StatusCode: 0,
  OwnerId: guid(500),
  CreatedOn: "2026-03-01 08:00:00.000",
  ModifiedOn: "2026-03-02 08:00:00.000",
});
const olAppointment = {
  id: 5123,
  resource_id: 7,
  contact_id: 30418,
  owner_id: 3,
  service_name_snapshot: "Consultation",
  starts_at: "2026-03-10T10:30:00+05:00",
  ends_at: "2026-03-10T11:00:00+05:00",
  status: "scheduled",
  created_at: "2026-03-03T09:12:44+05:00",
  updated_at: "2026-03-03T09:12:44+05:00",
};
const week = { from: "2026-03-08T00:00:00+05:30", to: "2026-03-15T00:00:00+05:30" };

describe("listAppointments: each vendor's listing, one shape", () => {
  it("HighLevel: GET /calendars/events for the adapter's location and calendar, the window in epoch ms", async () => {
    const { crm, calls } = allVendors(() => json({ events: [hlEvent] }));
    const found = await collect(crm.scheduling.listAppointments({ vendor: "leadconnector", ...week }));
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: "GET", path: "/calendars/events" });
    expect(Object.fromEntries(calls[0]!.url.searchParams)).toEqual({
      locationId: "loc-1",
      calendarId: "cal-1",
      startTime: String(Date.parse("2026-03-07T18:30:00Z")),
      endTime: String(Date.parse("2026-03-14T18:30:00Z")),
    });
    expect(found).toEqual([
      {
        vendor: "leadconnector",
        id: "ev1",
        start: new Date("2026-03-08T04:00:00Z"),
        end: new Date("2026-03-08T04:30:00Z"),
        status: "confirmed",
        title: "Intro call",
        calendarId: "cal-1",
        contactId: "contact-1",
        assignedUserId: "user-1",
        createdAt: new Date("2026-03-01T04:30:00Z"),
        updatedAt: new Date("2026-03-02T04:30:00Z"),
        raw: hlEvent,
      },
    ]);
  });

  it("HighLevel: a user's events replace the adapter's calendar", async () => {
    const { crm, calls } = allVendors(() => json({ events: [] }));
    await collect(crm.scheduling.listAppointments({ vendor: "leadconnector", ...week, userId: "user-9", locationId: "loc-2" }));
    expect(calls[0]!.url.searchParams.get("userId")).toBe("user-9");
    expect(calls[0]!.url.searchParams.get("locationId")).toBe("loc-2");
    expect(calls[0]!.url.searchParams.has("calendarId")).toBe(false);
  });

  it("LeadSquared: RetrieveAppointments/ByUserId a day either side of the window, then only what starts in it", async () => {
    const tasks = [
      lsqTask(1, "2026-03-07 18:00:00.000", "2026-03-07 18:30:00.000"), // before the window (23:30 +05:30 on the 7th)
      lsqTask(2, "2026-03-08 04:00:00.000", "2026-03-08 04:30:00.000"),
      lsqTask(3, "2026-03-14 18:30:00.000", "2026-03-14 19:00:00.000"), // at `to`: outside
    ];
    const { crm, calls } = allVendors(() => json({ RecordCount: 3, List: tasks }));
    const found = await collect(crm.scheduling.listAppointments({ vendor: "leadsquared", ...week, userId: guid(500) }, { pageSize: 50 }));
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      method: "POST",
      path: "/v2/Task.svc/RetrieveAppointments/ByUserId",
      body: { FromDate: "2026-03-06", ToDate: "2026-03-15", Users: [guid(500)], Paging: { PageIndex: 1, PageSize: 50 } },
    });
    expect(found).toEqual([
      {
        vendor: "leadsquared",
        id: guid(2),
        start: new Date("2026-03-08T04:00:00Z"),
        end: new Date("2026-03-08T04:30:00Z"),
        status: "scheduled",
        title: "Demo 2",
        contactId: guid(900),
        assignedUserId: guid(500),
        createdAt: new Date("2026-03-01T08:00:00Z"),
        updatedAt: new Date("2026-03-02T08:00:00Z"),
        raw: tasks[1],
      },
    ]);
  });

  it("LeadSquared: an appointment listed without its EndDate (as the listing's documented record is) is read by id", async () => {
    const { EndDate: _, ...listed } = lsqTask(6, "2026-03-09 05:00:00.000", "");
    const full = lsqTask(6, "2026-03-09 05:00:00.000", "2026-03-09 05:45:00.000");
    const { crm, calls } = allVendors((call) => (call.path.endsWith("ByUserId") ? json({ RecordCount: 1, List: [listed] }) : json([full])));
    const found = await collect(crm.scheduling.listAppointments({ vendor: "leadsquared", ...week, userId: guid(500) }));
    expect(calls.map((c) => c.path)).toEqual(["/v2/Task.svc/RetrieveAppointments/ByUserId", "/v2/Task.svc/Retrieve.GetById"]);
    expect(calls[1]!.url.searchParams.get("id")).toBe(guid(6));
    expect(found).toMatchObject([{ id: guid(6), end: new Date("2026-03-09T05:45:00Z"), raw: full }]);
  });

  it("LeadSquared: a window over 100 days is listed in parts of at most 100 days", async () => {
    const { crm, calls } = allVendors(() => json({ RecordCount: 0, List: [] }));
    await collect(crm.scheduling.listAppointments({ vendor: "leadsquared", from: "2026-01-01T00:00:00Z", to: "2026-06-01T00:00:00Z", userId: [guid(1), guid(2)] }));
    expect(calls.map((c) => [c.body.FromDate, c.body.ToDate, c.body.Users.length])).toEqual([
      ["2025-12-31", "2026-04-09", 2],
      ["2026-04-10", "2026-06-01", 2],
    ]);
  });

  it("One-Link: GET …/scheduling/appointments with the window in the caller's offset and the resources", async () => {
    const { crm, calls } = allVendors(() => json({ payload: [olAppointment], meta: { count: 1 } }));
    const [found] = await collect(crm.scheduling.listAppointments({ vendor: "onelink", ...week, resourceId: [7, "9"] }));
    expect(calls[0]).toMatchObject({ method: "GET", path: "/api/v1/accounts/7/scheduling/appointments" });
    expect(Object.fromEntries(calls[0]!.url.searchParams)).toEqual({ from: "2026-03-08T00:00:00+05:30", to: "2026-03-15T00:00:00+05:30", resource_ids: "7,9" });
    expect(found).toEqual({
      vendor: "onelink",
      id: "5123",
      start: new Date("2026-03-10T05:30:00Z"),
      end: new Date("2026-03-10T06:00:00Z"),
      status: "scheduled",
      title: "Consultation",
      calendarId: "7",
      contactId: "30418",
      assignedUserId: "3",
      createdAt: new Date("2026-03-03T04:12:44Z"),
      updatedAt: new Date("2026-03-03T04:12:44Z"),
      raw: olAppointment,
    });
  });

  it("an aborted signal sends nothing; one fired mid-way stops the listing", async () => {
    const { crm, calls } = allVendors(() => json({ payload: [olAppointment, { ...olAppointment, id: 5124 }], meta: { count: 2 } }));
    const aborted = AbortSignal.abort();
    expect(await caught(() => collect(crm.scheduling.listAppointments({ vendor: "onelink", ...week }, { signal: aborted })))).toBeInstanceOf(AbortError);
    expect(calls).toHaveLength(0);

    const controller = new AbortController();
    const seen: string[] = [];
    const error = await caught(async () => {
      for await (const a of crm.scheduling.listAppointments({ vendor: "onelink", ...week }, { signal: controller.signal })) {
        seen.push(a.id);
        controller.abort();
      }
    });
    expect(error).toBeInstanceOf(AbortError);
    expect(seen).toEqual(["5123"]);
  });

  it.each([
    ["from without an offset", { vendor: "onelink", from: "2026-03-08T00:00:00", to: week.to }, "from"],
    ["to before from", { vendor: "onelink", from: week.to, to: week.from }, "to"],
    ["LeadSquared owner not a GUID", { vendor: "leadsquared", ...week, userId: "owner@example.com" }, "userId"],
    ["LeadSquared second owner not a GUID", { vendor: "leadsquared", ...week, userId: [guid(1), "x"] }, "userId[1]"],
    ["One-Link resource not an id", { vendor: "onelink", ...week, resourceId: "seven" }, "resourceId"],
  ] as const)("%s: a ValidationError naming the field, thrown at the call", (_, query, field) => {
    const { crm, calls } = allVendors();
    let error: any;
    try {
      crm.scheduling.listAppointments(query as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.field).toBe(field);
    expect(calls).toHaveLength(0);
  });

  it("HighLevel needs a location and a calendar, user or group, from the query or the adapter; pageSize is a positive integer", () => {
    const vendor = fakeVendor(() => json({ events: [] }));
    const crm = createCrmkit({ leadconnector: leadConnectorAdapter({ token: "t", fetch: vendor.fetch, ...quiet }) });
    expect(() => crm.scheduling.listAppointments({ vendor: "leadconnector", ...week, calendarId: "c" })).toThrow(expect.objectContaining({ field: "locationId" }));
    expect(() => crm.scheduling.listAppointments({ vendor: "leadconnector", ...week, locationId: "l" })).toThrow(expect.objectContaining({ field: "calendarId" }));
    expect(() => crm.scheduling.listAppointments({ vendor: "leadconnector", ...week, locationId: "l", groupId: "g" })).not.toThrow();
    expect(() => crm.scheduling.listAppointments({ vendor: "leadconnector", ...week, locationId: "l", groupId: "g" }, { pageSize: 0 })).toThrow(
      expect.objectContaining({ field: "pageSize" }),
    );
    expect(vendor.calls).toHaveLength(0);
  });
});

describe("createAppointment: each vendor's booking", () => {
  it("HighLevel: POST /calendars/events/appointments with the adapter's calendar and location; never retried", async () => {
    const booked = { id: "new-1", calendarId: "cal-1", locationId: "loc-1", contactId: "contact-1", title: "Intro", appointmentStatus: "new", startTime: "2026-03-08T09:30:00+05:30", endTime: "2026-03-08T10:00:00+05:30" };
    const { crm, calls } = allVendors(() => json(booked));
    const a = await crm.scheduling.createAppointment({ vendor: "leadconnector", start: "2026-03-08T09:30+05:30", end: "2026-03-08T10:00:00+05:30", title: "Intro", contactId: "contact-1" });
    expect(calls[0]).toMatchObject({
      method: "POST",
      path: "/calendars/events/appointments",
      body: { calendarId: "cal-1", locationId: "loc-1", contactId: "contact-1", title: "Intro", startTime: "2026-03-08T09:30:00+05:30", endTime: "2026-03-08T10:00:00+05:30" },
    });
    expect(a).toMatchObject({ vendor: "leadconnector", id: "new-1", status: "scheduled", title: "Intro", calendarId: "cal-1", contactId: "contact-1", raw: booked });
    expect(a.start.toISOString()).toBe("2026-03-08T04:00:00.000Z");

    const failing = allVendors(() => json({ statusCode: 503, message: "busy" }, 503), { maxRetries: 3, rateLimit: false });
    const error = await caught(() => failing.crm.scheduling.createAppointment({ vendor: "leadconnector", start: week.from, end: week.to, contactId: "c" }));
    expect(error).toBeInstanceOf(ServerError);
    expect(failing.calls).toHaveLength(1);
  });

  it("LeadSquared: Task.svc/Create in UTC on the lead, with the task type; the appointment is the booking with its new id", async () => {
    const { crm, calls } = allVendors(() => json({ Status: "Success", Message: { Id: guid(77) } }));
    const a = await crm.scheduling.createAppointment({
      vendor: "leadsquared",
      start: "2026-03-08T09:30:00+05:30",
      end: "2026-03-08T10:00:00+05:30",
      title: "Demo",
      contactId: guid(900),
      assignedUserId: guid(500),
      taskType: "Meeting",
    });
    expect(calls[0]).toMatchObject({
      method: "POST",
      path: "/v2/Task.svc/Create",
      body: { Name: "Demo", RelatedEntity: 1, RelatedEntityId: guid(900), DueDate: "2026-03-08 04:00:00", EndDate: "2026-03-08 04:30:00", OwnerId: guid(500), TaskType: { Name: "Meeting" } },
    });
    expect(a).toEqual({
      vendor: "leadsquared",
      id: guid(77),
      start: new Date("2026-03-08T04:00:00Z"),
      end: new Date("2026-03-08T04:30:00Z"),
      status: "scheduled",
      title: "Demo",
      contactId: guid(900),
      assignedUserId: guid(500),
      raw: { Status: "Success", Message: { Id: guid(77) } },
    });
  });

  it("One-Link: an idempotency key is generated, sent, returned, and makes the booking retry with the same key", async () => {
    let answered = 0;
    const { crm, calls } = allVendors(() => (++answered === 1 ? json({ error: "busy" }, 503, { "retry-after": "0" }) : json({ payload: olAppointment }, 201)), { maxRetries: 2, rateLimit: false, retryBudget: false });
    const a = await crm.scheduling.createAppointment({ vendor: "onelink", start: "2026-03-10T10:30:00+05:00", end: "2026-03-10T11:00:00+05:00", resourceId: 7, clientName: "Dana", contactId: "30418" });
    expect(calls).toHaveLength(2);
    const key = calls[0]!.body.idempotency_key;
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(calls[1]!.body.idempotency_key).toBe(key);
    expect(calls[0]!.body).toEqual({ resource_id: 7, client_name: "Dana", contact_id: 30418, starts_at: "2026-03-10T10:30:00+05:00", ends_at: "2026-03-10T11:00:00+05:00", idempotency_key: key });
    expect(a).toMatchObject({ vendor: "onelink", id: "5123", calendarId: "7", idempotencyKey: key });

    const own = allVendors(() => json({ payload: olAppointment }, 200));
    const replayed = await own.crm.scheduling.createAppointment({ vendor: "onelink", start: week.from, end: week.to, resourceId: 7, clientName: "Dana", idempotencyKey: "booking-42" });
    expect(own.calls[0]!.body.idempotency_key).toBe("booking-42");
    expect(replayed.idempotencyKey).toBe("booking-42");
  });

  it.each([
    ["HighLevel without a contact", { vendor: "leadconnector", contactId: undefined }, "contactId"],
    ["LeadSquared without a task type", { vendor: "leadsquared" }, "taskType"],
    ["LeadSquared lead not a GUID", { vendor: "leadsquared", taskType: "Meeting", contactId: "lead-1" }, "contactId"],
    ["LeadSquared time with milliseconds", { vendor: "leadsquared", taskType: "Meeting", start: "2026-03-08T04:00:00.250Z" }, "start"],
    ["One-Link without a client name", { vendor: "onelink", resourceId: 7 }, "clientName"],
    ["One-Link with a title", { vendor: "onelink", resourceId: 7, clientName: "D", title: "Visit" }, "title"],
    ["end before start", { vendor: "onelink", resourceId: 7, clientName: "D", end: "2026-03-08T09:00:00+05:30" }, "end"],
  ] as const)("%s: a ValidationError naming the field, nothing sent", async (_, over, field) => {
    const { crm, calls } = allVendors();
    const input = { start: "2026-03-08T09:30:00+05:30", end: "2026-03-08T10:00:00+05:30", ...over };
    const error = await caught(() => crm.scheduling.createAppointment(input as never));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.field).toBe(field);
    expect(calls).toHaveLength(0);
  });
});
