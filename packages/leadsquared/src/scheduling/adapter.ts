import { type RateLimitConfig, ValidationError, createApiError, createRateLimiter, unwrap } from "@crmkit/core";
import { type MoveConfirmingAdapter, NotSupportedError, type SchedulingAdapter, onlyAppointments, positiveInteger, requireText, result } from "@crmkit/core/scheduling";
import { createLeadSquaredClient, type LeadSquaredClient, type LeadSquaredClientOptions, type components } from "../index.js";
import { leadSquaredDateTime } from "../time.js";
import { type LeadSquaredConfirmSettings, checkConfirmSettings, confirmLeadSquaredMoves } from "../confirm-moves.js";
import { type LeadSquaredBookingFields, type LeadSquaredListFilters, appointmentMembers } from "./appointments.js";

export { leadSquaredStatus } from "./appointments.js";
export type { LeadSquaredBookingFields, LeadSquaredListFilters };

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
   * Client-side limit on bulk calls (moves, and cancels, which are bulk deletes), on top of the client's own limit:
   * default 1 call per 5 s (LeadSquared's bulk API limit). `false` lifts it, e.g. against the mock servers.
   */
  bulkRateLimit?: RateLimitConfig | false;
  /** Where LeadSquared posts the outcome of each bulk job. */
  statusWebhookUrl?: string;
  /** How `confirm` (`rescheduleMany(…, { confirm: true })`) learns whether each move took: read-back timing, a job tracker. */
  confirm?: LeadSquaredConfirmSettings;
  /** The task type createAppointment books when the input names none: an appointment type's name, e.g. `Meeting`. */
  taskType?: string;
}

/** Client options (to create the client) or `{ client }` (one you made), plus bulk settings. */
export type LeadSquaredAdapterOptions = (LeadSquaredClientOptions | { client: LeadSquaredClient }) & LeadSquaredAdapterSettings;

export type LeadSquaredAdapter = SchedulingAdapter<"leadsquared", LeadSquaredClient, { list: LeadSquaredListFilters; create: LeadSquaredBookingFields; freeSlots: object }> &
  Required<MoveConfirmingAdapter<"leadsquared">>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A LeadSquared id (a GUID), or a ValidationError naming `field`. */
export function leadSquaredGuid(value: unknown, field: string, what: string): string {
  const text = requireText(value, field, `${what} (a GUID)`);
  if (!GUID.test(text)) throw new ValidationError(field, `must be ${what} (a GUID)`, `Invalid ${field}: "${text}" is not ${what} (a GUID)`);
  return text;
}

/** What the appointment members work with. */
export interface LeadSquaredContext {
  client: LeadSquaredClient;
  settings: Pick<LeadSquaredAdapterSettings, "statusWebhookUrl" | "taskType">;
  /** Waits for a turn of the bulk limit (if any); call the release it resolves to when the call is done. */
  bulkTurn: (signal?: AbortSignal) => Promise<(() => void) | undefined>;
}

/**
 * LeadSquared for `createCrmkit({ leadsquared: leadSquaredAdapter({ accessKey, secretKey, host }) })`. Every move
 * goes through BulkUpdateAppointmentTime (a single move is a bulk call of one), which LeadSquared runs as an
 * asynchronous job: a move's success means LeadSquared accepted the job (`jobId`), whose outcome it posts to
 * `statusWebhookUrl`.
 */
export function leadSquaredAdapter(options: LeadSquaredAdapterOptions): LeadSquaredAdapter {
  const { chunkSize = LEADSQUARED_DEFAULT_CHUNK_SIZE, bulkRateLimit = LEADSQUARED_BULK_RATE_LIMIT, statusWebhookUrl, taskType, confirm, ...clientOptions } =
    options ?? ({} as LeadSquaredAdapterOptions);
  positiveInteger(chunkSize, "chunkSize");
  if (statusWebhookUrl !== undefined && !URL.canParse(statusWebhookUrl)) {
    throw new ValidationError("statusWebhookUrl", "must be an absolute URL", `Invalid statusWebhookUrl: "${statusWebhookUrl}" is not an absolute URL`);
  }
  checkConfirmSettings(confirm, statusWebhookUrl);
  if (taskType !== undefined) requireText(taskType, "taskType", "a LeadSquared task type name");
  const client = "client" in clientOptions ? clientOptions.client : createLeadSquaredClient(clientOptions);
  if (typeof client?.POST !== "function") throw new ValidationError("client", "must be a client from createLeadSquaredClient");
  const bulkLimiter = bulkRateLimit === false ? undefined : createRateLimiter(bulkRateLimit);
  const context: LeadSquaredContext = { client, settings: { statusWebhookUrl, taskType }, bulkTurn: async (signal) => bulkLimiter?.acquire(signal) };
  const appointmentId = (id: unknown) => leadSquaredGuid(id, "appointmentId", "a LeadSquared UserTaskId");

  const members = appointmentMembers(context);
  return {
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
      const release = await context.bulkTurn(signal);
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
    ...members,
    async findFreeSlots() {
      throw new NotSupportedError("leadsquared", "findFreeSlots", "LeadSquared's API documents no availability or free slots");
    },
    confirm: (results, signal) => confirmLeadSquaredMoves(results, members.getAppointment, confirm, signal),
  };
}
