import { CrmkitError, NotFoundError, ValidationError } from "@crmkit/core";
import { describe, expect, it } from "vitest";
import { createLeadSquaredClient } from "@crmkit/leadsquared";
import { type RescheduleInput, VendorNotConfiguredError, createCrmkit } from "../src/index.js";
import { leadConnectorAdapter, leadConnectorStatus } from "../src/leadconnector.js";
import { leadSquaredAdapter, leadSquaredStatus } from "../src/leadsquared.js";
import { oneLinkAdapter, oneLinkStatus } from "../src/onelink.js";
import { allVendors, caught, fakeVendor, guid, json, lsqAccepted, quiet } from "./helpers.js";

/** All four vendors on one scripted transport. */
const setup = allVendors;

const move = (over: Partial<RescheduleInput>): RescheduleInput => ({
  vendor: "onelink",
  appointmentId: 5123,
  start: "2026-03-10T10:30:00+05:00",
  end: "2026-03-10T11:00:00+05:00",
  ...over,
});

describe("createCrmkit", () => {
  it("exposes the configured clients and says which vendor is missing", async () => {
    const client = createLeadSquaredClient({ accessKey: "a", secretKey: "b", ...quiet });
    const crm = createCrmkit({ leadsquared: leadSquaredAdapter({ client }) });
    expect(crm.leadsquared).toBe(client);
    expect(crm.configured).toEqual(["leadsquared"]);

    const error = await caught(() => (crm as unknown as Record<string, unknown>).onelink); // not configured, so not in its type either
    expect(error).toBeInstanceOf(VendorNotConfiguredError);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe('onelink is not configured: pass `onelink: oneLinkAdapter({ … })` (from "crmkit/onelink") to createCrmkit');
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ name: "VendorNotConfiguredError", vendor: "onelink", field: "vendor" });

    const pexip = await caught(() => crm.scheduling.setLeadSegmentSchedulingSettings("1", []));
    expect(pexip).toMatchObject({ name: "VendorNotConfiguredError", vendor: "pexip-engage" });
    expect(pexip.message).toContain("pexipEngage: pexipEngageAdapter");
    await expect(crm.scheduling.reschedule(move({ vendor: "leadconnector", appointmentId: "x" }))).rejects.toThrow(/leadconnector is not configured/);
  });

  it("rejects a config it cannot use, naming the entry", () => {
    const client = createLeadSquaredClient({ accessKey: "a", secretKey: "b", ...quiet });
    expect(() => createCrmkit({ leadsquared: client as never })).toThrow(/leadsquared: expected leadSquaredAdapter\(\{ … \}\) from "crmkit\/leadsquared"/);
    expect(() => createCrmkit({ onelink: leadSquaredAdapter({ client }) as never })).toThrow(/onelink: got the adapter for leadsquared/);
    expect(() => createCrmkit({ salesforce: {} } as never)).toThrow(expect.objectContaining({ field: "salesforce" }));
    expect(() => oneLinkAdapter({ apiAccessToken: "t", accountId: "twelve" })).toThrow(expect.objectContaining({ field: "accountId" }));
    expect(() => leadSquaredAdapter({ client, chunkSize: 0 })).toThrow(expect.objectContaining({ field: "chunkSize" }));
    expect(() => leadSquaredAdapter({ client, statusWebhookUrl: "hooks/lsq" })).toThrow(expect.objectContaining({ field: "statusWebhookUrl" }));
    expect(() => leadConnectorAdapter({ client: {} as never })).toThrow(expect.objectContaining({ field: "client" }));
  });
});

describe("reschedule: each vendor's request", () => {
  it("HighLevel appointment: PUT /calendars/events/appointments/{eventId}, ISO 8601 in the caller's offset", async () => {
    const { crm, calls } = setup(() => json({ id: "ev1", calendarId: "c", locationId: "l", contactId: "k" }));
    const result = await crm.scheduling.reschedule({ vendor: "leadconnector", appointmentId: "ev1", start: "2026-03-08T09:30+05:30", end: "2026-03-08T10:00:00+05:30" });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: "PUT", path: "/calendars/events/appointments/ev1", body: { startTime: "2026-03-08T09:30:00+05:30", endTime: "2026-03-08T10:00:00+05:30" } });
    expect(calls[0]!.headers.get("authorization")).toBe("Bearer lc-token");
    expect(result).toMatchObject({ vendor: "leadconnector", appointmentId: "ev1", kind: "appointment", sent: { start: "2026-03-08T09:30:00+05:30" }, raw: { id: "ev1" } });
    expect(result.start.toISOString()).toBe("2026-03-08T04:00:00.000Z");
  });

  it("HighLevel block slot: PUT /calendars/events/block-slots/{eventId} with the adapter's location and calendar, or the move's own target", async () => {
    const { crm, calls } = setup(() => json({ id: "b1" }, 201));
    await crm.scheduling.reschedule({ vendor: "leadconnector", kind: "block-slot", appointmentId: "b1", start: new Date(Date.UTC(2026, 2, 8, 4)), end: new Date(Date.UTC(2026, 2, 8, 5)) });
    await crm.scheduling.reschedule({ vendor: "leadconnector", kind: "block-slot", appointmentId: "b2", assignedUserId: "user-9", locationId: "loc-2", start: "2026-03-08T04:00:00Z", end: "2026-03-08T05:00:00Z" });
    expect(calls.map((c) => [c.path, c.body])).toEqual([
      ["/calendars/events/block-slots/b1", { locationId: "loc-1", calendarId: "cal-1", startTime: "2026-03-08T04:00:00Z", endTime: "2026-03-08T05:00:00Z" }],
      ["/calendars/events/block-slots/b2", { locationId: "loc-2", assignedUserId: "user-9", startTime: "2026-03-08T04:00:00Z", endTime: "2026-03-08T05:00:00Z" }],
    ]);
  });

  it("LeadSquared: one BulkUpdateAppointmentTime item in UTC YYYY-MM-DD HH:MM:SS, the job id in the result", async () => {
    const { crm, calls } = setup(() => lsqAccepted("777"));
    const result = await crm.scheduling.reschedule({ vendor: "leadsquared", appointmentId: guid(1), start: "2026-03-08T01:30:00-05:00", end: "2026-03-08T03:30:00-04:00" });
    expect(calls[0]).toMatchObject({
      method: "POST",
      path: "/v2/Task.svc/BulkUpdateAppointmentTime",
      body: { TaskList: [{ UserTaskId: guid(1), FromDate: "2026-03-08 06:30:00", ToDate: "2026-03-08 07:30:00" }] },
    });
    expect(calls[0]!.url.search).toBe(""); // keys in headers, never in the URL
    expect(result).toMatchObject({ jobId: "777", sent: { start: "2026-03-08 06:30:00", end: "2026-03-08 07:30:00" } });
  });

  it("LeadSquared: a job LeadSquared did not accept, or an error inside a 200, is a typed ApiError", async () => {
    const rejected = setup(() => json({ Status: "Success", Message: { Id: "1", IsSuccessful: false } }));
    await expect(rejected.crm.scheduling.reschedule(move({ vendor: "leadsquared", appointmentId: guid(1) }))).rejects.toMatchObject({
      name: "ApiError",
      code: "JOB_NOT_ACCEPTED",
    });
    const inside200 = setup(() => json({ Status: "Error", ExceptionType: "MXInvalidInputException", ExceptionMessage: "Invalid Input" }));
    await expect(inside200.crm.scheduling.reschedule(move({ vendor: "leadsquared", appointmentId: guid(1) }))).rejects.toMatchObject({
      code: "MXInvalidInputException",
      vendor: "leadsquared",
    });
  });

  it("One-Link: PATCH …/accounts/{accountId}/scheduling/appointments/{id}, ISO 8601 in the caller's offset", async () => {
    const { crm, calls } = setup(() => json({ payload: { id: 5123 } }));
    await crm.scheduling.reschedule(move({ appointmentId: "5123" }));
    expect(calls[0]).toMatchObject({
      method: "PATCH",
      path: "/api/v1/accounts/7/scheduling/appointments/5123",
      body: { starts_at: "2026-03-10T10:30:00+05:00", ends_at: "2026-03-10T11:00:00+05:00" },
    });
    expect(calls[0]!.headers.get("api_access_token")).toBe("ol-token");
  });

  it("a vendor error comes back typed", async () => {
    const { crm } = setup(() => json({ error: "Appointment not found", code: "APPOINTMENT_NOT_FOUND" }, 404));
    const error = await caught(() => crm.scheduling.reschedule(move({})));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ vendor: "onelink", status: 404, code: "APPOINTMENT_NOT_FOUND" });
  });
});

describe("bad input is a ValidationError naming the field, and nothing is sent", () => {
  const cases: [string, RescheduleInput, string][] = [
    ["start without an offset", move({ start: "2026-03-10T10:30:00" }), "start"],
    ["invalid end", move({ end: "2026-02-30T10:00:00Z" }), "end"],
    ["end before start", move({ end: "2026-03-10T05:29:00Z" }), "end"],
    ["unknown vendor", move({ vendor: "salesforce" as never }), "vendor"],
    ["Pexip has no appointments", move({ vendor: "pexip-engage" as never }), "vendor"],
    ["One-Link id not an integer", move({ appointmentId: "abc" }), "appointmentId"],
    ["LeadSquared id not a GUID", move({ vendor: "leadsquared", appointmentId: "123" }), "appointmentId"],
    ["LeadSquared time with milliseconds", move({ vendor: "leadsquared", appointmentId: guid(1), start: "2026-03-10T10:30:00.500+05:00" }), "start"],
    ["HighLevel id empty", move({ vendor: "leadconnector", appointmentId: " " }), "appointmentId"],
    ["block slot on One-Link", move({ kind: "block-slot" }), "kind"],
    ["unknown kind", move({ vendor: "leadconnector", appointmentId: "e", kind: "meeting" as never }), "kind"],
    ["block slot with both targets", move({ vendor: "leadconnector", appointmentId: "e", kind: "block-slot", calendarId: "c", assignedUserId: "u" }), "calendarId"],
  ];
  for (const [name, input, field] of cases) {
    it(name, async () => {
      const { crm, calls } = setup();
      const error = await caught(() => crm.scheduling.reschedule(input));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.field).toBe(field);
      expect(error.message).toContain(field);
      expect(() => crm.scheduling.prepareReschedule(input)).toThrow(ValidationError);
      expect(calls).toHaveLength(0);
    });
  }

  it("a block slot without a location, when the adapter has none either", async () => {
    const vendor = fakeVendor(() => json({}));
    const crm = createCrmkit({ leadconnector: leadConnectorAdapter({ token: "t", fetch: vendor.fetch, ...quiet }) });
    const input = move({ vendor: "leadconnector", appointmentId: "e", kind: "block-slot", calendarId: "c" });
    await expect(crm.scheduling.reschedule(input)).rejects.toMatchObject({ name: "ValidationError", field: "locationId" });
    await expect(crm.scheduling.reschedule({ ...input, locationId: "l", calendarId: undefined })).rejects.toMatchObject({ field: "calendarId" });
    expect(vendor.calls).toHaveLength(0);
  });

  it("moveOpportunity and setLeadSegmentSchedulingSettings check their input too", async () => {
    const { crm, calls } = setup();
    await expect(crm.scheduling.moveOpportunity({ id: "o1" })).rejects.toMatchObject({ field: "pipelineStageId" });
    await expect(crm.scheduling.moveOpportunity({ id: "", status: "won" })).rejects.toMatchObject({ field: "id" });
    await expect(crm.scheduling.moveOpportunity({ id: "o1", status: "all" as never })).rejects.toMatchObject({ field: "status" });
    await expect(crm.scheduling.setLeadSegmentSchedulingSettings("", [])).rejects.toMatchObject({ field: "segmentId" });
    await expect(crm.scheduling.setLeadSegmentSchedulingSettings("1", [{ meetingType: "CHAT" as never, subjectId: "1" }])).rejects.toMatchObject({
      field: "settings[0].meetingType",
    });
    await expect(crm.scheduling.setLeadSegmentSchedulingSettings("1", [{ meetingType: "VIDEO", subjectId: "" }])).rejects.toMatchObject({ field: "settings[0].subjectId" });
    await expect(crm.scheduling.getAppointment({ vendor: "leadsquared", appointmentId: "nope" })).rejects.toMatchObject({ field: "appointmentId" });
    expect(calls).toHaveLength(0);
  });
});

describe("moveOpportunity and setLeadSegmentSchedulingSettings", () => {
  it("HighLevel: PUT /opportunities/{id} with the stage and status; resolves to the opportunity", async () => {
    const { crm, calls } = setup(() => json({ opportunity: { id: "o1", pipelineStageId: "s2", status: "won" } }));
    const opportunity = await crm.scheduling.moveOpportunity({ id: "o1", pipelineStageId: "s2", status: "won" });
    expect(calls[0]).toMatchObject({ method: "PUT", path: "/opportunities/o1", body: { pipelineStageId: "s2", status: "won" } });
    expect(calls[0]!.headers.get("version")).toBe("2021-07-28");
    expect(opportunity).toEqual({ id: "o1", pipelineStageId: "s2", status: "won" });
  });

  it("Pexip Engage: PUT /lead-segments/{id}/scheduling-settings with the whole list; resolves to the new list", async () => {
    const { crm, calls } = setup(() => json({ data: [{ meetingType: "VIDEO", subject: { id: "42" } }] }));
    const settings = await crm.scheduling.setLeadSegmentSchedulingSettings("123", [{ meetingType: "VIDEO", subjectId: "42" }]);
    expect(calls[0]).toMatchObject({ method: "PUT", path: "/lead-segments/123/scheduling-settings", body: [{ meetingType: "VIDEO", subjectId: "42" }] });
    expect(settings).toEqual([{ meetingType: "VIDEO", subject: { id: "42" } }]);
  });
});

describe("getAppointment: one shape and one status set for every vendor", () => {
  it("maps each vendor's statuses to the documented set", () => {
    expect(["new", "active", "confirmed", "showed", "completed", "cancelled", "invalid", "noshow", "rescheduled", "constructor", undefined].map(leadConnectorStatus)).toEqual([
      "scheduled",
      "scheduled",
      "confirmed",
      "completed",
      "completed",
      "cancelled",
      "cancelled",
      "no_show",
      "unknown",
      "unknown",
      "unknown",
    ]);
    expect(["scheduled", "confirmed", "completed", "cancelled", "no_show", "noshow", "toString"].map(oneLinkStatus)).toEqual([
      "scheduled",
      "confirmed",
      "completed",
      "cancelled",
      "no_show",
      "unknown",
      "unknown",
    ]);
    expect([0, 1, 2, "0", undefined].map(leadSquaredStatus)).toEqual(["scheduled", "completed", "unknown", "unknown", "unknown"]);
  });

  it("HighLevel event", async () => {
    const event = { id: "ev1", appointmentStatus: "noshow", startTime: "2024-10-25T07:30:00+05:30", endTime: "2024-10-25T08:00:00+05:30" };
    const { crm, calls } = setup(() => json({ event }));
    const a = await crm.scheduling.getAppointment({ vendor: "leadconnector", appointmentId: "ev1" });
    expect(calls[0]).toMatchObject({ method: "GET", path: "/calendars/events/appointments/ev1" });
    expect(a).toEqual({ vendor: "leadconnector", id: "ev1", start: new Date("2024-10-25T02:00:00Z"), end: new Date("2024-10-25T02:30:00Z"), status: "no_show", raw: event });
  });

  it("LeadSquared task (Retrieve.GetById answers an array; dates are UTC)", async () => {
    const task = { UserTaskId: guid(2), StatusCode: 1, DueDate: "2022-02-23 13:10:00.000", EndDate: "2022-02-23 13:15:00" };
    const { crm, calls } = setup(() => json([task]));
    const a = await crm.scheduling.getAppointment({ vendor: "leadsquared", appointmentId: guid(2) });
    expect(calls[0]).toMatchObject({ method: "GET", path: "/v2/Task.svc/Retrieve.GetById" });
    expect(calls[0]!.url.searchParams.get("id")).toBe(guid(2));
    expect(a).toEqual({ vendor: "leadsquared", id: guid(2), start: new Date("2022-02-23T13:10:00Z"), end: new Date("2022-02-23T13:15:00Z"), status: "completed", raw: task });
  });

  it("One-Link appointment", async () => {
    const payload = { id: 5123, status: "confirmed", starts_at: "2025-03-10T10:30:00+05:00", ends_at: "2025-03-10T11:00:00+05:00" };
    const { crm, calls } = setup(() => json({ payload }));
    const a = await crm.scheduling.getAppointment({ vendor: "onelink", appointmentId: 5123 });
    expect(calls[0]).toMatchObject({ method: "GET", path: "/api/v1/accounts/7/scheduling/appointments/5123" });
    expect(a).toEqual({ vendor: "onelink", id: "5123", start: new Date("2025-03-10T05:30:00Z"), end: new Date("2025-03-10T06:00:00Z"), status: "confirmed", raw: payload });
  });

  it("a record without usable dates, or no record, is a typed error rather than a wrong date", async () => {
    const noDates = setup(() => json({ event: { id: "ev1", appointmentStatus: "new", startTime: "2024-10-25 07:30", endTime: null } }));
    await expect(noDates.crm.scheduling.getAppointment({ vendor: "leadconnector", appointmentId: "ev1" })).rejects.toMatchObject({
      name: "ApiError",
      code: "INVALID_RESPONSE",
      vendor: "leadconnector",
    });
    const empty = setup(() => json([]));
    const error = await caught(() => empty.crm.scheduling.getAppointment({ vendor: "leadsquared", appointmentId: guid(3) }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toBeInstanceOf(CrmkitError);
  });
});
