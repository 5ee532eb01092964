import { AbortError, ValidationError } from "@crmkit/core";
import { parseRange } from "@crmkit/core/scheduling";
import { buildWebhook, webhookTestKeys } from "@crmkit/mock/webhooks";
import { describe, expect, it } from "vitest";
import { JOB_REFERENCE_QUERY_PARAM, createLeadSquaredJobTracker, leadSquaredAdapter } from "../src/scheduling.js";
import { leadSquaredStatusWebhookUrl, leadSquaredWebhooks, parseWebhook } from "../src/webhooks.js";

const SECRET = webhookTestKeys.sharedSecret;
const statusUrl = leadSquaredStatusWebhookUrl("https://app.test/webhooks/leadsquared", SECRET);
const post = (reference: string | undefined, payload: unknown = { Status: "Completed" }) => ({
  event: "BulkUpdateAppointmentTimeStatus",
  jobReference: reference,
  payload,
  receivedAt: new Date(),
});
/** The request LeadSquared makes to a status URL (the mock's delivery, to that exact URL). */
const statusPost = (url: string, payload: unknown = { Status: "Completed" }) => {
  const built = buildWebhook("leadsquared", "BulkUpdateAppointmentTimeStatus", { url, payload });
  return new Request(built.url, { method: "POST", headers: built.headers, body: built.body });
};

describe("createLeadSquaredJobTracker", () => {
  it("matches a status post to its job by the call's reference, whether the post comes before or after the job id", async () => {
    const tracker = createLeadSquaredJobTracker();
    const early = tracker.referenceUrl(statusUrl),
      late = tracker.referenceUrl(statusUrl);
    expect(early.reference).not.toBe(late.reference);
    const url = new URL(early.url);
    expect(url.searchParams.get(JOB_REFERENCE_QUERY_PARAM)).toBe(early.reference);
    expect(url.searchParams.get("crmkit_webhook_secret")).toBe(SECRET); // the status URL's own query is kept
    // posted before LeadSquared's answer (with the job id) reached the sender
    expect(tracker.notify(post(early.reference))).toBeUndefined();
    tracker.track(early.reference, "job-1");
    expect(await tracker.waitFor("job-1", 1_000)).toMatchObject({ reference: early.reference, jobId: "job-1", payload: { Status: "Completed" } });
    // posted while a confirmation waits
    tracker.track(late.reference, "job-2");
    const waiting = tracker.waitFor("job-2", 60_000);
    expect(tracker.notify(post(late.reference, "done"))).toBe("job-2");
    expect(await waiting).toMatchObject({ jobId: "job-2", payload: "done" });
  });

  it("resolves undefined for a job it never sent or that never reports, rejects on abort, and ignores other events", async () => {
    const tracker = createLeadSquaredJobTracker();
    expect(await tracker.waitFor("unknown-job", 60_000)).toBeUndefined();
    const { reference } = tracker.referenceUrl(statusUrl);
    tracker.track(reference, "job-3");
    expect(tracker.notify({ ...post(reference), event: "TaskUpdate" })).toBeUndefined();
    expect(tracker.notify(post(undefined))).toBeUndefined();
    expect(await tracker.waitFor("job-3", 5)).toBeUndefined();
    const controller = new AbortController();
    const waiting = tracker.waitFor("job-3", 60_000, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortError);
    expect(() => createLeadSquaredJobTracker({ ttlMs: 0 })).toThrow(ValidationError);
  });

  it("is fed by parseWebhook and leadSquaredWebhooks, which read the reference from the status URL", async () => {
    const tracker = createLeadSquaredJobTracker();
    const call = tracker.referenceUrl(statusUrl);
    tracker.track(call.reference, "job-4");
    const event = await parseWebhook(statusPost(call.url), { secret: SECRET, jobs: tracker });
    expect(event).toMatchObject({ event: "BulkUpdateAppointmentTimeStatus", jobReference: call.reference });
    expect(await tracker.waitFor("job-4", 1_000)).toMatchObject({ jobId: "job-4" });

    const second = tracker.referenceUrl(statusUrl);
    tracker.track(second.reference, "job-5");
    await leadSquaredWebhooks({ secret: SECRET, jobs: tracker }).parse(statusPost(second.url));
    expect(await tracker.waitFor("job-5", 1_000)).toMatchObject({ jobId: "job-5" });
    const unreferenced = await parseWebhook(statusPost(statusUrl), { secret: SECRET });
    expect(unreferenced.event === "BulkUpdateAppointmentTimeStatus" && unreferenced).toHaveProperty("jobReference", undefined);
    expect(() => leadSquaredWebhooks({ secret: SECRET, jobs: {} as never })).toThrow(ValidationError);
  });
});

const GUID = "0aa0b97c-a507-11e8-a43f-02742c1c8abe";
const lsqTime = (iso: string) => iso.slice(0, 19).replace("T", " ");
/** An adapter on a fake host that sends every call once and never waits for a rate limit. */
const quietAdapter = (options: Partial<Parameters<typeof leadSquaredAdapter>[0]>) =>
  leadSquaredAdapter({ accessKey: "a", secretKey: "s", baseUrl: "https://lsq.test", maxRetries: 0, rateLimit: false, bulkRateLimit: false, ...options });
const accepted = (id: string) => Response.json({ Status: "Success", Message: { Id: id, IsSuccessful: true } });

describe("leadSquaredAdapter confirm", () => {
  it("checks its settings before anything is sent", () => {
    const base = { accessKey: "a", secretKey: "s", fetch: async () => new Response() };
    expect(() => leadSquaredAdapter({ ...base, confirm: { jobs: createLeadSquaredJobTracker() } })).toThrow(/statusWebhookUrl/);
    expect(() => leadSquaredAdapter({ ...base, confirm: { timeoutMs: -1 } })).toThrow(expect.objectContaining({ field: "confirm.timeoutMs" }));
    expect(() => leadSquaredAdapter({ ...base, confirm: { pollIntervalMs: Number.NaN } })).toThrow(ValidationError);
    expect(() => leadSquaredAdapter({ ...base, statusWebhookUrl: statusUrl, confirm: { jobs: {} as never } })).toThrow(expect.objectContaining({ field: "confirm.jobs" }));
  });

  it("with a tracker, names each bulk call in its StatusWebhookURL and ties it to the job LeadSquared answers with", async () => {
    const tracker = createLeadSquaredJobTracker();
    const sent: string[] = [];
    const adapter = quietAdapter({
      statusWebhookUrl: statusUrl,
      confirm: { jobs: tracker },
      fetch: async (request: Request) => (sent.push((await request.json()).StatusWebhookURL), accepted(`job-${sent.length}`)),
    });
    const move = (start: string, end: string) => adapter.prepare({ vendor: "leadsquared", appointmentId: GUID, start, end }, parseRange(start, end));
    const [first] = await adapter.send([move("2026-03-09T08:00:00Z", "2026-03-09T08:30:00Z")]);
    await adapter.send([move("2026-03-09T09:00:00Z", "2026-03-09T09:30:00Z")]);
    expect(first!.jobId).toBe("job-1");
    const references = sent.map((url) => new URL(url).searchParams.get(JOB_REFERENCE_QUERY_PARAM));
    expect(new Set(references).size).toBe(2);
    await parseWebhook(statusPost(sent[1]!), { secret: SECRET, jobs: tracker });
    expect(await tracker.waitFor("job-2", 1_000)).toMatchObject({ jobId: "job-2" });
    expect(await tracker.waitFor("job-1", 5)).toBeUndefined(); // job 1 has not reported
  });

  it("reads the tasks back until they show the new times; a task still elsewhere at the timeout, or missing, is not confirmed", async () => {
    const reads: Record<string, number> = {};
    const moved = "0aa0b97c-a507-11e8-a43f-000000000001",
      stuck = "0aa0b97c-a507-11e8-a43f-000000000002",
      gone = "0aa0b97c-a507-11e8-a43f-000000000003";
    const adapter = quietAdapter({
      confirm: { pollIntervalMs: 20, timeoutMs: 500 },
      fetch: async (request: Request) => {
        const id = new URL(request.url).searchParams.get("id")!;
        reads[id] = (reads[id] ?? 0) + 1;
        if (id === gone) return Response.json([]);
        // `moved` shows the new times from its third read on; `stuck` never does
        const done = id === moved && reads[id]! >= 3;
        const [due, end] = done ? ["2026-03-09T08:00:00Z", "2026-03-09T08:30:00Z"] : ["2026-03-01T08:00:00Z", "2026-03-01T08:30:00Z"];
        return Response.json([{ UserTaskId: id, DueDate: lsqTime(due), EndDate: lsqTime(end), StatusCode: 0 }]);
      },
    });
    const result = (id: string) => ({
      ...adapter.prepare({ vendor: "leadsquared", appointmentId: id, start: "2026-03-09T08:00:00Z", end: "2026-03-09T08:30:00Z" }, parseRange("2026-03-09T08:00:00Z", "2026-03-09T08:30:00Z")),
      jobId: "job-1",
      raw: {},
    });
    const [ok, late, missing] = await adapter.confirm([result(moved), result(stuck), result(gone)]);
    expect(ok).toMatchObject({ confirmed: true, appointment: { id: moved } });
    expect(ok!.appointment!.start.toISOString()).toBe("2026-03-09T08:00:00.000Z");
    expect(late).toMatchObject({ confirmed: false, appointment: { id: stuck } });
    expect(late!.reason).toMatch(/reads 2026-03-01T08:00:00\.000Z.*not 2026-03-09T08:00:00\.000Z.*after 500 ms/);
    expect(missing).toEqual({ confirmed: false, reason: `LeadSquared has no task ${gone}` });
    expect(reads[moved]).toBe(3);
    expect(reads[gone]).toBe(1);
    expect(reads[stuck]).toBeGreaterThan(3);
  });
});
