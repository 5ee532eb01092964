// rescheduleMany({ confirm: true }) against fake vendors: the synchronous vendors' answers confirm their moves, and
// LeadSquared's are confirmed by reading the tasks back, or, with a job tracker, once the job's status post has reached
// a real webhook receiver (delivered by @crmkit/mock, as LeadSquared would post it).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ValidationError } from "@crmkit/core";
import { sendWebhook, webhookTestKeys } from "@crmkit/mock/webhooks";
import { describe, expect, it } from "vitest";
import { type RescheduleInput, createCrmkit } from "../src/index.js";
import { leadConnectorAdapter } from "../src/leadconnector.js";
import { createLeadSquaredJobTracker, leadSquaredAdapter } from "../src/leadsquared.js";
import { oneLinkAdapter } from "../src/onelink.js";
import { createWebhookHandler, leadSquaredStatusWebhookUrl, leadSquaredWebhooks, nodeHandler } from "../src/webhooks.js";
import { type Call, fakeVendor, guid, json, lsqAccepted, quiet } from "./helpers.js";

const SECRET = webhookTestKeys.sharedSecret;
const at = (i: number) => new Date(Date.UTC(2026, 2, 9, 8) + i * 3_600_000);
const lsq = (i: number): RescheduleInput => ({ vendor: "leadsquared", appointmentId: guid(i), start: at(i), end: new Date(at(i).getTime() + 1_800_000) });
const lsqTime = (d: Date) => d.toISOString().slice(0, 19).replace("T", " ");

/** A LeadSquared whose tasks take their new times only when `apply` runs (the job finishing). */
function lazyLeadSquared() {
  const tasks = new Map<string, { DueDate: string; EndDate: string }>();
  const queued: { UserTaskId: string; FromDate: string; ToDate: string }[] = [];
  const reads: string[] = [];
  let statusUrls: string[] = [];
  const vendor = fakeVendor((call: Call) => {
    if (call.path === "/v2/Task.svc/BulkUpdateAppointmentTime") {
      queued.push(...call.body.TaskList);
      if (call.body.StatusWebhookURL) statusUrls.push(call.body.StatusWebhookURL);
      return lsqAccepted(`job-${statusUrls.length || 1}`);
    }
    if (call.path === "/v2/Task.svc/Retrieve.GetById") {
      const id = call.url.searchParams.get("id")!;
      reads.push(id);
      const task = tasks.get(id) ?? { DueDate: "2026-01-01 08:00:00", EndDate: "2026-01-01 08:30:00" };
      return json([{ UserTaskId: id, ...task, StatusCode: 0 }]);
    }
    if (call.path.startsWith("/calendars/")) return json({ event: { id: call.path.split("/").pop() } });
    return json({ payload: { id: Number(call.path.split("/").pop()) } });
  });
  const apply = () => {
    for (const item of queued.splice(0)) tasks.set(item.UserTaskId, { DueDate: item.FromDate, EndDate: item.ToDate });
  };
  return { ...vendor, apply, reads, statusUrls: () => statusUrls, reset: () => (statusUrls = []) };
}

describe("rescheduleMany({ confirm: true })", () => {
  it("confirms HighLevel and One-Link moves by their answers, and LeadSquared's by reading the tasks back until they moved", async () => {
    const vendor = lazyLeadSquared();
    let bulkCalls = 0;
    const fetch = async (request: Request) => {
      if (request.url.includes("BulkUpdateAppointmentTime")) bulkCalls++;
      // the job finishes after the first read-back round
      if (request.url.includes("GetById") && vendor.reads.length === 2) vendor.apply();
      return vendor.fetch(request);
    };
    const common = { ...quiet, fetch };
    const crm = createCrmkit({
      leadconnector: leadConnectorAdapter({ ...common, token: "t", baseUrl: "https://lc.test" }),
      leadsquared: leadSquaredAdapter({ ...common, accessKey: "a", secretKey: "s", baseUrl: "https://lsq.test", bulkRateLimit: false, confirm: { pollIntervalMs: 5, timeoutMs: 10_000 } }),
      onelink: oneLinkAdapter({ ...common, apiAccessToken: "t", baseUrl: "https://ol.test", accountId: 7 }),
    });
    const items: RescheduleInput[] = [
      lsq(1),
      { vendor: "onelink", appointmentId: 5, start: "2026-03-10T10:30:00+05:00", end: "2026-03-10T11:00:00+05:00" },
      lsq(2),
      { vendor: "leadconnector", appointmentId: "ev-1", start: "2026-03-08T09:30:00+05:30", end: "2026-03-08T10:00:00+05:30" },
    ];

    const outcomes = await crm.scheduling.rescheduleMany(items, { confirm: true });

    expect(outcomes.map((o) => o.ok && o.confirmed)).toEqual([true, true, true, true]);
    expect(outcomes.map((o) => o.ok && o.confirmation !== undefined)).toEqual([true, false, true, false]);
    const first = outcomes[0]!;
    expect(first.ok && first.confirmation?.appointment?.start).toEqual(at(1));
    expect(bulkCalls).toBe(1);
    expect(vendor.reads.length).toBe(4); // two tasks, two rounds: before and after the job finished

    const plain = await crm.scheduling.rescheduleMany([lsq(3)]);
    expect(plain[0]).not.toHaveProperty("confirmed");
  });

  it("with a job tracker, waits for the job's status post to reach the receiver, then reads each task once", async () => {
    const vendor = lazyLeadSquared();
    const tracker = createLeadSquaredJobTracker();
    const statusEvents: unknown[] = [];
    const server = createServer(
      nodeHandler(createWebhookHandler({ leadsquared: leadSquaredWebhooks({ secret: SECRET, jobs: tracker }), onEvent: (event) => void statusEvents.push(event) })),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const receiver = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/leadsquared`;
    try {
      const fetch = async (request: Request) => {
        const response = await vendor.fetch(request);
        if (request.url.includes("BulkUpdateAppointmentTime")) {
          // LeadSquared finishes the job a little later, then posts to the call's StatusWebhookURL.
          setTimeout(() => {
            vendor.apply();
            void sendWebhook("leadsquared", "BulkUpdateAppointmentTimeStatus", { url: vendor.statusUrls().at(-1)!, payload: { Status: "Completed" } });
          }, 20);
        }
        return response;
      };
      const crm = createCrmkit({
        leadsquared: leadSquaredAdapter({
          ...quiet,
          fetch,
          accessKey: "a",
          secretKey: "s",
          baseUrl: "https://lsq.test",
          bulkRateLimit: false,
          statusWebhookUrl: leadSquaredStatusWebhookUrl(receiver, SECRET),
          confirm: { jobs: tracker, timeoutMs: 30_000, pollIntervalMs: 1 },
        }),
      });

      const outcomes = await crm.scheduling.rescheduleMany([lsq(1), lsq(2)], { confirm: true });

      expect(outcomes.map((o) => o.ok && o.confirmed)).toEqual([true, true]);
      expect(vendor.reads).toEqual([guid(1), guid(2)]); // no polling: one read per task, after the post
      expect(statusEvents).toMatchObject([{ vendor: "leadsquared", event: "BulkUpdateAppointmentTimeStatus", payload: { Status: "Completed" } }]);
      expect(new URL(vendor.statusUrls()[0]!).searchParams.get("crmkit_job")).toBe((statusEvents[0] as { jobReference: string }).jobReference);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("reports moves the vendor accepted but that could not be confirmed as ok, confirmed: false, with the reason", async () => {
    const vendor = lazyLeadSquared();
    const adapter = leadSquaredAdapter({ ...quiet, fetch: vendor.fetch, accessKey: "a", secretKey: "s", baseUrl: "https://lsq.test", bulkRateLimit: false, confirm: { timeoutMs: 30, pollIntervalMs: 10 } });
    const crm = createCrmkit({ leadsquared: adapter });
    const [stuck] = await crm.scheduling.rescheduleMany([lsq(1)], { confirm: true });
    expect(stuck).toMatchObject({ ok: true, confirmed: false, confirmation: { confirmed: false, reason: expect.stringMatching(/reads 2026-01-01T08:00:00\.000Z/) } });

    const failing = createCrmkit({ leadsquared: { ...adapter, confirm: async () => Promise.reject(new Error("read-back failed")) } });
    const [unknown] = await failing.scheduling.rescheduleMany([lsq(2)], { confirm: true });
    expect(unknown).toMatchObject({ ok: true, confirmed: false, confirmation: { reason: "could not be confirmed: read-back failed" } });

    await expect(crm.scheduling.rescheduleMany([lsq(3)], { confirm: "yes" as never })).rejects.toThrow(ValidationError);
  });
});
