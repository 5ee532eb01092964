// Every facade method against Prism: each request it sends must pass Prism's validation of the contract (the contract
// fetch fails the call otherwise), and what comes back must be a result or a typed vendor error. Static mode serves the
// contracts' examples, so its results are checked exactly; dynamic mode generates bodies from the schemas.
import { ApiError } from "@crmkit/core";
import { responseSchemaErrors } from "@crmkit/contract-testing";
import { describe, expect, it } from "vitest";
import type { Appointment, RescheduleInput } from "../src/index.js";
import { isStatic, settle, setup } from "./contract-setup.js";
import { guid } from "./helpers.js";

const moves: RescheduleInput[] = [
  { vendor: "leadconnector", appointmentId: "0TkCdp9PfvLeWKYRRvIz", start: "2026-03-08T09:30:00+05:30", end: "2026-03-08T10:00:00+05:30" },
  { vendor: "leadconnector", kind: "block-slot", appointmentId: "0TkCdp9PfvLeWKYRRvIz", start: "2026-03-08T01:30:00-05:00", end: "2026-03-08T03:30:00-04:00" },
  { vendor: "leadsquared", appointmentId: guid(1), start: "2026-03-08T09:30:00+05:30", end: new Date(Date.UTC(2026, 2, 8, 4, 30)) },
  { vendor: "onelink", appointmentId: 5123, start: "2026-03-10T10:30:00+05:00", end: "2026-03-10T11:00:00+05:00" },
];
const operationOf = { leadconnector: "edit-appointment", "block-slot": "edit-block-slot", leadsquared: "bulkUpdateAppointmentTime", onelink: "update-scheduling-appointment" } as const;

describe("crm.scheduling against the contracts", () => {
  it.each(moves.map((m) => [m.kind === "block-slot" ? "leadconnector block slot" : m.vendor, m] as const))("reschedule: %s", async (_, input) => {
    const { crm, fetch } = setup();
    const result = await settle(crm.scheduling.reschedule(input), fetch);
    expect(fetch.responses).toHaveLength(1);
    if (result instanceof ApiError) return;
    const operation = operationOf[input.kind === "block-slot" ? "block-slot" : input.vendor];
    expect(responseSchemaErrors(input.vendor, operation, fetch.last()!.status, result.raw)).toBeUndefined();
    expect(result).toMatchObject({ vendor: input.vendor, kind: input.kind ?? "appointment" });
    if (input.vendor === "leadsquared" && isStatic) expect(result.jobId).toBe("5812945");
  });

  it("getAppointment: each vendor's record in one shape", async () => {
    const { crm, fetch } = setup();
    const read = async (vendor: RescheduleInput["vendor"], appointmentId: string | number) => settle(crm.scheduling.getAppointment({ vendor, appointmentId }), fetch);
    const found = [await read("leadconnector", "ocQHyuzHvysMo5N5VsXc"), await read("leadsquared", guid(2)), await read("onelink", 5123)];
    expect(fetch.rejections).toEqual([]);
    for (const a of found) {
      if (a instanceof ApiError) continue;
      expect(Number.isNaN(a.start.getTime()) || Number.isNaN(a.end.getTime())).toBe(false);
      expect(["scheduled", "confirmed", "completed", "cancelled", "no_show", "unknown"]).toContain(a.status);
    }
    if (isStatic) {
      const summary = (found as Appointment[]).map(({ vendor, id, start, end, status }) => ({ vendor, id, start: start.toISOString(), end: end.toISOString(), status }));
      expect(summary).toEqual([
        { vendor: "leadconnector", id: "ocQHyuzHvysMo5N5VsXc_1729821600000_1800", start: "2024-10-25T02:00:00.000Z", end: "2024-10-25T02:30:00.000Z", status: "confirmed" },
        { vendor: "leadsquared", id: "cad802c2-0c01-11ed-b7fd-0218d8753a48", start: "2022-02-23T13:10:00.000Z", end: "2022-02-23T13:15:00.000Z", status: "scheduled" },
        { vendor: "onelink", id: "5123", start: "2025-03-10T05:00:00.000Z", end: "2025-03-10T05:30:00.000Z", status: "scheduled" },
      ]);
    }
  });

  it("rescheduleMany: 120 LeadSquared moves in three bulk calls and the other vendors one by one, one outcome per item", async () => {
    const { crm, fetch } = setup();
    const lsq = Array.from({ length: 120 }, (_, i): RescheduleInput => ({
      vendor: "leadsquared",
      appointmentId: guid(100 + i),
      start: new Date(Date.UTC(2026, 2, 9, 8) + i * 60_000),
      end: new Date(Date.UTC(2026, 2, 9, 8, 30) + i * 60_000),
    }));
    const items = [...lsq.slice(0, 60), moves[0]!, moves[3]!, ...lsq.slice(60)];
    const progress: number[] = [];
    const outcomes = await crm.scheduling.rescheduleMany(items, { onProgress: (p) => progress.push(p.done) });
    expect(fetch.rejections).toEqual([]);
    expect(outcomes.map((o) => o.item)).toEqual(items);
    expect(fetch.responses).toHaveLength(3 + 2);
    expect(progress.at(-1)).toBe(items.length);
    for (const o of outcomes) {
      if (!o.ok) {
        expect(isStatic, `${o.item.vendor}: ${o.error.message}`).toBe(false);
        expect(o.error).toBeInstanceOf(ApiError);
      }
    }
  });

  it("moveOpportunity: PUT /opportunities/{id}", async () => {
    const { crm, fetch } = setup();
    const opportunity = await settle(crm.scheduling.moveOpportunity({ id: "yWQobCRIhRguQtD2llvk", pipelineStageId: "7915dedc-8f18-44d5-8bc3-77c04e994a10", status: "open" }), fetch);
    expect(fetch.responses).toHaveLength(1);
    if (isStatic) expect(opportunity).toMatchObject({ id: "yWQobCRIhRguQtD2llvk", status: "open" });
  });

  it("setLeadSegmentSchedulingSettings: PUT /lead-segments/{id}/scheduling-settings", async () => {
    const { crm, fetch } = setup();
    const settings = await settle(
      crm.scheduling.setLeadSegmentSchedulingSettings("123", [
        { meetingType: "VIDEO", subjectId: "42" },
        { meetingType: "ON_LOCATION", subjectId: "43" },
      ]),
      fetch,
    );
    expect(fetch.responses).toHaveLength(1);
    if (!(settings instanceof ApiError)) expect(responseSchemaErrors("pexip-engage", "updateLeadSegmentSchedulingSettings", 200, { data: settings })).toBeUndefined();
    if (isStatic) expect(settings).toEqual([{ meetingType: "OFFICE", subject: { id: "123" } }, { meetingType: "VIDEO", subject: { id: "123" } }]);
  });
});
