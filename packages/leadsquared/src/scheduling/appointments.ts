// Reading, listing, booking and cancelling LeadSquared appointments (appointment-type tasks).
import { NotFoundError, ValidationError, paginate, unwrap, withPage } from "@crmkit/core";
import { type Appointment, type Instant, type TimeWindow, idText, inWindow, invalidResponse, mapStatus, optionalText, requireText, withoutUndefined } from "@crmkit/core/scheduling";
import { operations } from "../generated/operations.js";
import type { components } from "../index.js";
import { leadSquaredDateTime, parseLeadSquaredDateTime } from "../time.js";
import { type LeadSquaredAdapter, type LeadSquaredContext, leadSquaredGuid } from "./adapter.js";

type Task = components["schemas"]["Task"];

/** listAppointments' LeadSquared filter. */
export interface LeadSquaredListFilters {
  /** The owner whose appointments to list, or several: LeadSquared user ids (GUIDs). */
  userId: string | readonly string[];
}

/** createAppointment's LeadSquared fields. */
export interface LeadSquaredBookingFields {
  /** The lead the appointment is with (its ProspectId, a GUID); none when absent. */
  contactId?: string;
  /** The owner (a LeadSquared user id, a GUID); LeadSquared's default owner when absent. */
  assignedUserId?: string;
  /** The task type to create, by name (`Meeting`); default: the adapter's `taskType`. LeadSquared requires one. */
  taskType?: string;
}

/** LeadSquared task `StatusCode` → crmkit's AppointmentStatus (0 open, 1 completed). */
export const leadSquaredStatus = (statusCode: unknown) => mapStatus({ "0": "scheduled", "1": "completed" }, typeof statusCode === "number" ? String(statusCode) : undefined);

const LEAD = 1; // RelatedEntity: the task is tied to a lead
const DAY_MS = 86_400_000;
/** LeadSquared refuses a listing window of more than 100 days. */
const MAX_LISTING_DAYS = 100;
const listing = operations.find((o) => o.operationId === "retrieveAppointmentsByUserId")!.pagination!;

/**
 * A LeadSquared task in crmkit's shape: `title` from `Name`, `contactId` from `RelatedEntityId` when the task is on a
 * lead, `assignedUserId` from `OwnerId`, `createdAt`/`updatedAt` from `CreatedOn`/`ModifiedOn`; tasks have no calendar.
 */
function toAppointment(task: Task | undefined, operationId: string, fallbackId?: string): Appointment<"leadsquared"> {
  const id = idText(task?.UserTaskId) ?? fallbackId,
    start = parseLeadSquaredDateTime(task?.DueDate),
    end = parseLeadSquaredDateTime(task?.EndDate);
  if (!task || !id || !start || !end) {
    throw invalidResponse("leadsquared", operationId, `LeadSquared returned task ${id ?? "(no id)"} without a UTC DueDate and EndDate`, task);
  }
  return withoutUndefined({
    vendor: "leadsquared" as const,
    id,
    start,
    end,
    status: leadSquaredStatus(task.StatusCode),
    title: task.Name || undefined,
    contactId: task.RelatedEntity === LEAD ? idText(task.RelatedEntityId) : undefined,
    assignedUserId: idText(task.OwnerId),
    createdAt: parseLeadSquaredDateTime(task.CreatedOn),
    updatedAt: parseLeadSquaredDateTime(task.ModifiedOn),
    raw: task,
  });
}

const day = (index: number) => new Date(index * DAY_MS).toISOString().slice(0, 10);

/**
 * The `FromDate`/`ToDate` days to ask for. LeadSquared filters by whole days, in a time zone its page does not name, so
 * crmkit asks for one day more on each side (the appointments outside the window are dropped after) and splits a
 * long window into listings of at most 100 days.
 */
function listingDays(window: TimeWindow): { FromDate: string; ToDate: string }[] {
  const first = Math.floor(window.from.ms / DAY_MS) - 1,
    last = Math.floor((window.to.ms - 1) / DAY_MS) + 1;
  const parts: { FromDate: string; ToDate: string }[] = [];
  for (let from = first; from <= last; from += MAX_LISTING_DAYS) parts.push({ FromDate: day(from), ToDate: day(Math.min(from + MAX_LISTING_DAYS - 1, last)) });
  return parts;
}

export function appointmentMembers({ client, settings, bulkTurn }: LeadSquaredContext): Pick<
  LeadSquaredAdapter,
  "getAppointment" | "listAppointments" | "createAppointment" | "cancelAppointment"
> {
  const getAppointment = async (id: string, signal?: AbortSignal) => {
    const data = await unwrap(client.GET("/v2/Task.svc/Retrieve.GetById", { params: { query: { id } }, signal }));
    if (!Array.isArray(data)) throw invalidResponse("leadsquared", "getTaskById", `LeadSquared returned no task list for ${id}`, data);
    if (!data[0]) {
      throw new NotFoundError({ vendor: "leadsquared", status: 200, code: "NOT_FOUND", message: `LeadSquared has no task ${id}`, retryable: false, operationId: "getTaskById" });
    }
    return toAppointment(data[0], "getTaskById", id);
  };

  return {
    getAppointment,

    // RetrieveAppointments/ByUserId, page by page as its contract declares; filtered to the window here (see listingDays).
    // An appointment listed without its end costs one more call (Retrieve.GetById).
    listAppointments(query, window, options = {}) {
      const many = Array.isArray(query.userId);
      const users = (many ? (query.userId as readonly string[]) : [query.userId as string]).map((user, i) =>
        leadSquaredGuid(user, many ? `userId[${i}]` : "userId", "a LeadSquared user id"),
      );
      if (users.length === 0) throw new ValidationError("userId", "must name at least one LeadSquared user", "Invalid userId: give at least one LeadSquared user id");
      const days = listingDays(window);
      return (async function* () {
        for (const { FromDate, ToDate } of days) {
          const base = { body: { FromDate, ToDate, Users: users } };
          const tasks = paginate<Task>(
            (page, signal) => unwrap(client.POST("/v2/Task.svc/RetrieveAppointments/ByUserId", { ...withPage(base, page), signal })),
            listing,
            options,
          );
          for await (const task of tasks) {
            const start = parseLeadSquaredDateTime(task.DueDate);
            if (start && !inWindow(window, start)) continue;
            // The listing's documented record has no EndDate; one listed without it is read by id, which has it.
            const listedWithoutEnd = task.EndDate === undefined && typeof task.UserTaskId === "string";
            yield listedWithoutEnd ? await getAppointment(task.UserTaskId, options.signal) : toAppointment(task, "retrieveAppointmentsByUserId");
          }
        }
      })();
    },

    // Task.svc/Create books a new task on every call: it is never retried. Its answer is the new id only, so the
    // appointment returned is what was booked, with that id.
    async createAppointment(input, range, signal) {
      const contactId = input.contactId === undefined ? undefined : leadSquaredGuid(input.contactId, "contactId", "a LeadSquared lead id");
      const ownerId = input.assignedUserId === undefined ? undefined : leadSquaredGuid(input.assignedUserId, "assignedUserId", "a LeadSquared user id");
      const taskType = requireText(input.taskType ?? settings.taskType, "taskType", "a LeadSquared task type name (in the input or leadSquaredAdapter({ taskType }))");
      const title = optionalText(input.title, "title");
      const times = { DueDate: leadSquaredDateTime(range.start, "start"), EndDate: leadSquaredDateTime(range.end, "end") };
      const body: components["schemas"]["CreateTaskRequest"] = withoutUndefined({
        Name: title,
        RelatedEntity: contactId ? LEAD : 0,
        RelatedEntityId: contactId ?? "",
        ...times,
        OwnerId: ownerId,
        TaskType: { Name: taskType },
      });
      const data = await unwrap(client.POST("/v2/Task.svc/Create", { body, signal }));
      const id = "Message" in data ? idText(data.Message?.Id) : undefined;
      if (!id) throw invalidResponse("leadsquared", "createTask", "LeadSquared answered the booking without the new task's id", data);
      return withoutUndefined({ vendor: "leadsquared" as const, id, ...booked(range), status: "scheduled" as const, title, contactId, assignedUserId: ownerId, raw: data });
    },

    // LeadSquared's contract offers no cancelled status for a task, and the URL of its "cancel appointments in bulk" call
    // is in no source crmkit has: the only documented way is DeleteTasks, a bulk call (sharing the bulk limit).
    async cancelAppointment(id, signal) {
      const release = await bulkTurn(signal);
      try {
        const body = { TaskIds: [id], ...(settings.statusWebhookUrl ? { StatusWebhookURL: settings.statusWebhookUrl } : {}) };
        const data = await unwrap(client.POST("/v2/Task.svc/DeleteTasks", { body, signal }));
        if ("DeletedTasksCount" in data && data.DeletedTasksCount === 0) {
          const reason = typeof data.FailureReason === "string" ? `: ${data.FailureReason}` : "";
          throw new NotFoundError({ vendor: "leadsquared", status: 200, code: "NOT_DELETED", message: `LeadSquared deleted no task ${id}${reason}`, details: data, retryable: false, operationId: "deleteTasks" });
        }
        return { vendor: "leadsquared", appointmentId: id, via: "delete", raw: data };
      } finally {
        release?.();
      }
    },
  };
}

const booked = (range: { start: Instant; end: Instant }) => ({ start: new Date(range.start.ms), end: new Date(range.end.ms) });
