import { AbortError, RateLimitedError, ServerError, ValidationError } from "@crmkit/core";
import { describe, expect, it } from "vitest";
import { type RescheduleInput, type RescheduleProgress, createCrmkit } from "../src/index.js";
import { leadConnectorAdapter } from "../src/leadconnector.js";
import { LEADSQUARED_DEFAULT_CHUNK_SIZE, leadSquaredAdapter } from "../src/leadsquared.js";
import { oneLinkAdapter } from "../src/onelink.js";
import { type Call, fakeVendor, guid, json, lsqAccepted, quiet } from "./helpers.js";

const lsq = (i: number): RescheduleInput => ({
  vendor: "leadsquared",
  appointmentId: guid(i),
  start: new Date(Date.UTC(2026, 2, 9, 8) + i * 60_000),
  end: new Date(Date.UTC(2026, 2, 9, 9) + i * 60_000),
});
const ol = (id: number): RescheduleInput => ({ vendor: "onelink", appointmentId: id, start: "2026-03-10T10:30:00+05:00", end: "2026-03-10T11:00:00+05:00" });
const lc = (id: string): RescheduleInput => ({ vendor: "leadconnector", appointmentId: id, start: "2026-03-08T09:30:00+05:30", end: "2026-03-08T10:00:00+05:30" });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function crmWith(handler: (call: Call) => Response | Promise<Response>, clientOptions: object = quiet) {
  const vendor = fakeVendor(handler);
  const common = { ...clientOptions, fetch: vendor.fetch };
  const crm = createCrmkit({
    leadconnector: leadConnectorAdapter({ ...common, token: "lc-token", baseUrl: "https://lc.test" }),
    leadsquared: leadSquaredAdapter({ ...common, accessKey: "a", secretKey: "s", baseUrl: "https://lsq.test", bulkRateLimit: false }),
    onelink: oneLinkAdapter({ ...common, apiAccessToken: "t", baseUrl: "https://ol.test", accountId: 7 }),
  });
  return { crm, calls: vendor.calls };
}

describe("rescheduleMany", () => {
  it("one failing LeadSquared chunk fails only its own items; invalid items fail alone; one outcome per item, in order", async () => {
    let bulkCalls = 0;
    const { crm, calls } = crmWith((call) => {
      if (call.path.startsWith("/v2/")) {
        return ++bulkCalls === 2
          ? json({ Status: "Error", ExceptionType: "MXInternalException", ExceptionMessage: "chunk failed" }, 500)
          : lsqAccepted(`job-${bulkCalls}`);
      }
      return json({ payload: { id: Number(call.path.split("/").pop()) } });
    });
    const items = [...Array.from({ length: 120 }, (_, i) => lsq(i)), ol(1), ol(2)];
    items.splice(7, 0, { ...lsq(999), start: "2026-03-09T08:00:00" }); // no offset: invalid
    items.splice(60, 0, { ...ol(3), appointmentId: "three" }); // not an id: invalid
    const progress: RescheduleProgress[] = [];

    const outcomes = await crm.scheduling.rescheduleMany(items, { onProgress: (p) => progress.push(p) });

    expect(outcomes).toHaveLength(items.length);
    outcomes.forEach((o, i) => {
      expect(o.index).toBe(i);
      expect(o.item).toBe(items[i]);
    });
    const bulk = calls.filter((c) => c.path.startsWith("/v2/"));
    expect(bulk.map((c) => c.body.TaskList.length)).toEqual([50, 50, 20]); // default chunk size, invalid item left out
    expect(LEADSQUARED_DEFAULT_CHUNK_SIZE).toBe(50);
    const secondChunk = new Set(bulk[1]!.body.TaskList.map((t: { UserTaskId: string }) => t.UserTaskId));
    for (const o of outcomes) {
      if (o.index === 7 || o.index === 60) {
        expect(o.ok).toBe(false);
        expect(!o.ok && o.error).toBeInstanceOf(ValidationError);
      } else if (o.item.vendor === "leadsquared" && secondChunk.has(o.item.appointmentId)) {
        expect(!o.ok && o.error).toBeInstanceOf(ServerError);
        expect(!o.ok && o.error.message).toBe("chunk failed");
      } else {
        expect(o.ok).toBe(true);
      }
    }
    const okJobs = outcomes.flatMap((o) => (o.ok && o.result.jobId ? [o.result.jobId] : []));
    expect(new Set(okJobs)).toEqual(new Set(["job-1", "job-3"]));
    expect(progress).toHaveLength(items.length);
    expect(progress.at(-1)).toEqual({ done: items.length, failed: 52, total: items.length });
    expect(progress.map((p) => p.done)).toEqual(items.map((_, i) => i + 1));
  });

  it("a 429 storm on one vendor: every item gets its RateLimitedError after the retries, the other vendor is not held back", async () => {
    const { crm, calls } = crmWith(
      (call) =>
        call.path.startsWith("/calendars/")
          ? json({ statusCode: 429, message: "Too many requests" }, 429, { "retry-after": "0" })
          : json({ payload: { id: 1 } }),
      { maxRetries: 2, rateLimit: false },
    );
    const items = [lc("a"), ol(1), lc("b"), lc("c"), ol(2), lc("d"), lc("e")];
    const outcomes = await crm.scheduling.rescheduleMany(items, { concurrency: 2 });

    expect(outcomes.map((o) => [o.item.appointmentId, o.ok])).toEqual(items.map((i) => [i.appointmentId, i.vendor === "onelink"]));
    for (const o of outcomes.filter((o) => !o.ok)) {
      expect(!o.ok && o.error).toBeInstanceOf(RateLimitedError);
      expect(!o.ok && o.error).toMatchObject({ status: 429, vendor: "leadconnector" });
    }
    expect(calls.filter((c) => c.path.startsWith("/calendars/"))).toHaveLength(5 * 3); // 1 try + 2 retries each
    expect(calls.filter((c) => c.path.startsWith("/api/"))).toHaveLength(2);
  });

  it("keeps at most `concurrency` requests in flight per vendor", async () => {
    let inFlight = 0,
      peak = 0;
    const { crm } = crmWith(async () => {
      peak = Math.max(peak, ++inFlight);
      await sleep(10);
      inFlight--;
      return json({ payload: { id: 1 } });
    });
    const outcomes = await crm.scheduling.rescheduleMany(Array.from({ length: 12 }, (_, i) => ol(i + 1)), { concurrency: 3 });
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(peak).toBe(3);
  });

  it("honours chunkSize and LeadSquared's bulk limit (1 call per window) between chunks", async () => {
    const sentAt: number[] = [];
    const vendor = fakeVendor(() => (sentAt.push(Date.now()), lsqAccepted()));
    const crm = createCrmkit({
      leadsquared: leadSquaredAdapter({ ...quiet, fetch: vendor.fetch, accessKey: "a", secretKey: "s", bulkRateLimit: { limit: 1, windowMs: 150 } }),
    });
    const outcomes = await crm.scheduling.rescheduleMany(Array.from({ length: 7 }, (_, i) => lsq(i)), { chunkSize: 3 });
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(vendor.calls.map((c) => c.body.TaskList.length)).toEqual([3, 3, 1]);
    for (let i = 1; i < sentAt.length; i++) expect(sentAt[i]! - sentAt[i - 1]!).toBeGreaterThanOrEqual(150);
  });

  it("an abort fails every unfinished item with AbortError and drops none", async () => {
    const controller = new AbortController();
    const { crm, calls } = crmWith(async (call) => {
      if (calls.length === 2) controller.abort();
      await sleep(5);
      return json({ payload: { id: Number(call.path.split("/").pop()) } });
    });
    const items = Array.from({ length: 10 }, (_, i) => ol(i + 1));
    const outcomes = await crm.scheduling.rescheduleMany(items, { concurrency: 1, signal: controller.signal });
    expect(outcomes).toHaveLength(10);
    expect(outcomes[0]!.ok).toBe(true);
    const aborted = outcomes.filter((o) => !o.ok);
    expect(aborted.length).toBeGreaterThanOrEqual(8);
    for (const o of aborted) expect(!o.ok && o.error).toBeInstanceOf(AbortError);
    expect(calls.length).toBeLessThanOrEqual(2);
  });

  it("an unconfigured vendor fails its own items only", async () => {
    const vendor = fakeVendor(() => json({ payload: { id: 1 } }));
    const crm = createCrmkit({ onelink: oneLinkAdapter({ ...quiet, fetch: vendor.fetch, apiAccessToken: "t", accountId: 7 }) });
    const outcomes = await crm.scheduling.rescheduleMany([ol(1), lsq(1), ol(2)]);
    expect(outcomes.map((o) => (o.ok ? "ok" : o.error.name))).toEqual(["ok", "VendorNotConfiguredError", "ok"]);
  });

  it("rejects options it cannot use, and a caller's onProgress error surfaces after every item settled", async () => {
    const { crm, calls } = crmWith(() => json({ payload: { id: 1 } }));
    await expect(crm.scheduling.rescheduleMany([ol(1)], { concurrency: 0 })).rejects.toMatchObject({ field: "concurrency" });
    await expect(crm.scheduling.rescheduleMany([ol(1)], { chunkSize: 1.5 })).rejects.toMatchObject({ field: "chunkSize" });
    await expect(crm.scheduling.rescheduleMany("moves.csv" as never)).rejects.toMatchObject({ field: "items" });
    expect(calls).toHaveLength(0);
    await expect(
      crm.scheduling.rescheduleMany([ol(1), ol(2)], {
        onProgress: () => {
          throw new Error("progress bar broke");
        },
      }),
    ).rejects.toThrow("progress bar broke");
    expect(calls).toHaveLength(2);
    expect(await crm.scheduling.rescheduleMany([])).toEqual([]);
  });
});
