// @crmkit/leadsquared/scheduling: LeadSquared appointments (tasks) for crmkit's scheduling facade.
import { NotFoundError, type RateLimitConfig, ValidationError, createApiError, createRateLimiter, unwrap } from "@crmkit/core";
import { type MoveConfirmingAdapter, type SchedulingAdapter, invalidResponse, mapStatus, onlyAppointments, positiveInteger, requireText, result } from "@crmkit/core/scheduling";
import { createLeadSquaredClient, type LeadSquaredClient, type LeadSquaredClientOptions, type components } from "./index.js";
import { leadSquaredDateTime, parseLeadSquaredDateTime } from "./time.js";
import { type LeadSquaredConfirmSettings, checkConfirmSettings, confirmLeadSquaredMoves } from "./confirm-moves.js";

export { type JobStatusPost, JOB_REFERENCE_QUERY_PARAM, type LeadSquaredJobStatus, type LeadSquaredJobTracker, createLeadSquaredJobTracker } from "./bulk-jobs.js";
export { DEFAULT_CONFIRM_POLL_INTERVAL_MS, DEFAULT_CONFIRM_TIMEOUT_MS, type LeadSquaredConfirmSettings, confirmLeadSquaredMoves } from "./confirm-moves.js";

type BulkItem = components["schemas"]["BulkAppointmentTime"];

/**
 * Moves per BulkUpdateAppointmentTime call. LeadSquared's page for this call states no cap on `TaskList`; the cap it
 * documents for its sibling task bulk call (Create Tasks in Bulk, `Task.svc/Bulk/Create`) is 50 tasks, so crmkit stays
 * within that.
 */
export const LEADSQUARED_DEFAULT_CHUNK_SIZE = 50;
/** LeadSquared's rate-limit page: bulk APIs such as BulkUpdateAppointmentTime allow 1 call per 5 seconds. */
export const LEADSQUARED_BULK_RATE_LIMIT: RateLimitConfig = { limit: 1, windowMs: 5_000 };

export interface LeadSquaredAdapterSettings {
  /** Moves per BulkUpdateAppointmentTime call (default 50, see LEADSQUARED_DEFAULT_CHUNK_SIZE). */
  chunkSize?: number;
  /**
   * Client-side limit on bulk calls, on top of the client's own limit: default 1 call per 5 s (LeadSquared's bulk API
   * limit). `false` lifts it, e.g. against the mock servers.
   */
  bulkRateLimit?: RateLimitConfig | false;
  /** Where LeadSquared posts the outcome of each bulk job. */
  statusWebhookUrl?: string;
  /** How `confirm` (`rescheduleMany(…, { confirm: true })`) learns whether each move took: read-back timing, a job tracker. */
  confirm?: LeadSquaredConfirmSettings;
}

/** Client options (to create the client) or `{ client }` (one you made), plus bulk settings. */
export type LeadSquaredAdapterOptions = (LeadSquaredClientOptions | { client: LeadSquaredClient }) & LeadSquaredAdapterSettings;

export type LeadSquaredAdapter = SchedulingAdapter<"leadsquared", LeadSquaredClient> & Required<MoveConfirmingAdapter<"leadsquared">>;

/** LeadSquared task `StatusCode` → crmkit's AppointmentStatus (0 open, 1 completed). */
export const leadSquaredStatus = (statusCode: unknown) => mapStatus({ "0": "scheduled", "1": "completed" }, typeof statusCode === "number" ? String(statusCode) : undefined);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * LeadSquared for `createCrmkit({ leadsquared: leadSquaredAdapter({ accessKey, secretKey, host }) })`. Every move
 * goes through BulkUpdateAppointmentTime (a single move is a bulk call of one), which LeadSquared runs as an
 * asynchronous job: a move's success means LeadSquared accepted the job (`jobId`), whose outcome it posts to
 * `statusWebhookUrl`.
 */
export function leadSquaredAdapter(options: LeadSquaredAdapterOptions): LeadSquaredAdapter {
  const { chunkSize = LEADSQUARED_DEFAULT_CHUNK_SIZE, bulkRateLimit = LEADSQUARED_BULK_RATE_LIMIT, statusWebhookUrl, confirm, ...clientOptions } =
    options ?? ({} as LeadSquaredAdapterOptions);
  positiveInteger(chunkSize, "chunkSize");
  if (statusWebhookUrl !== undefined && !URL.canParse(statusWebhookUrl)) {
    throw new ValidationError("statusWebhookUrl", "must be an absolute URL", `Invalid statusWebhookUrl: "${statusWebhookUrl}" is not an absolute URL`);
  }
  checkConfirmSettings(confirm, statusWebhookUrl);
  const client = "client" in clientOptions ? clientOptions.client : createLeadSquaredClient(clientOptions);
  if (typeof client?.POST !== "function") throw new ValidationError("client", "must be a client from createLeadSquaredClient");
  const bulkLimiter = bulkRateLimit === false ? undefined : createRateLimiter(bulkRateLimit);
  const appointmentId = (id: unknown) => {
    const text = requireText(id, "appointmentId", "a LeadSquared UserTaskId (a GUID)");
    if (!GUID.test(text)) throw new ValidationError("appointmentId", "must be a LeadSquared UserTaskId (a GUID)", `Invalid appointmentId: "${text}" is not a LeadSquared UserTaskId (a GUID)`);
    return text;
  };

  const adapter: LeadSquaredAdapter = {
    vendor: "leadsquared",
    client,
    chunkSize,
    appointmentId,
    prepare(input, range) {
      onlyAppointments("leadsquared", input);
      const id = appointmentId(input.appointmentId);
      const item: BulkItem = { UserTaskId: id, FromDate: leadSquaredDateTime(range.start, "start"), ToDate: leadSquaredDateTime(range.end, "end") };
      return {
        vendor: "leadsquared",
        appointmentId: id,
        kind: "appointment",
        start: new Date(range.start.ms),
        end: new Date(range.end.ms),
        sent: { start: item.FromDate, end: item.ToDate },
        request: item,
      };
    },
    async send(moves, signal) {
      const release = await bulkLimiter?.acquire(signal);
      try {
        // With a job tracker, each call's status URL names the call, so its status post can be matched to its job.
        const call = statusWebhookUrl && confirm?.jobs ? confirm.jobs.referenceUrl(statusWebhookUrl) : undefined;
        const statusUrl = call?.url ?? statusWebhookUrl;
        const body = { TaskList: moves.map((m) => m.request as BulkItem), ...(statusUrl ? { StatusWebhookURL: statusUrl } : {}) };
        const data = await unwrap(client.POST("/v2/Task.svc/BulkUpdateAppointmentTime", { body, signal }));
        const job = "Message" in data ? data.Message : undefined;
        if (!job?.IsSuccessful) {
          throw createApiError({
            vendor: "leadsquared",
            status: 200,
            code: "JOB_NOT_ACCEPTED",
            message: `LeadSquared did not accept the bulk job for ${moves.length} appointment(s)`,
            details: data,
            retryable: false,
            operationId: "bulkUpdateAppointmentTime",
          });
        }
        if (call) confirm!.jobs!.track(call.reference, job.Id);
        return moves.map((move) => result(move, data, job.Id));
      } finally {
        release?.();
      }
    },
    async getAppointment(id, signal) {
      const data = await unwrap(client.GET("/v2/Task.svc/Retrieve.GetById", { params: { query: { id } }, signal }));
      if (!Array.isArray(data)) throw invalidResponse("leadsquared", "getTaskById", `LeadSquared returned no task list for ${id}`, data);
      const task = data[0];
      if (!task) {
        throw new NotFoundError({ vendor: "leadsquared", status: 200, code: "NOT_FOUND", message: `LeadSquared has no task ${id}`, retryable: false, operationId: "getTaskById" });
      }
      const start = parseLeadSquaredDateTime(task.DueDate),
        end = parseLeadSquaredDateTime(task.EndDate);
      if (!start || !end) {
        throw invalidResponse("leadsquared", "getTaskById", `LeadSquared returned task ${id} without a UTC DueDate and EndDate`, task);
      }
      return { vendor: "leadsquared", id: task.UserTaskId || id, start, end, status: leadSquaredStatus(task.StatusCode), raw: task };
    },
    confirm: (results, signal) => confirmLeadSquaredMoves(results, adapter.getAppointment, confirm, signal),
  };
  return adapter;
}
export { environment } from "./environment.js";
