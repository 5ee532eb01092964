// Confirming LeadSquared moves: a bulk job's acceptance says nothing about its moves, so each task is read back until
// it shows the new times (or the job's status post has come and one read settles it).
import { AbortError, NotFoundError, ValidationError } from "@crmkit/core";
import { type Appointment, type MoveConfirmation, type RescheduleResult, sleep } from "@crmkit/core/scheduling";
import type { LeadSquaredJobTracker } from "./bulk-jobs.js";

export const DEFAULT_CONFIRM_TIMEOUT_MS = 120_000;
export const DEFAULT_CONFIRM_POLL_INTERVAL_MS = 5_000;
/** Task reads in flight at once while confirming (each under the client's own rate limiter). */
const READS_AT_ONCE = 4;

export interface LeadSquaredConfirmSettings {
  /** How long to wait for the moves to show (default 2 minutes); a move not seen by then is `confirmed: false`. */
  timeoutMs?: number;
  /** Between read-backs, when no `jobs` tracker is given (default 5 s). */
  pollIntervalMs?: number;
  /**
   * Match status posts to jobs (needs `statusWebhookUrl`): each job's tasks are read back once, when its post has come
   * (or at the timeout), instead of every `pollIntervalMs`.
   */
  jobs?: LeadSquaredJobTracker;
}

type ReadTask = (id: string, signal?: AbortSignal) => Promise<Appointment<"leadsquared">>;

export function checkConfirmSettings(settings: LeadSquaredConfirmSettings | undefined, statusWebhookUrl: string | undefined): void {
  if (settings === undefined) return;
  if (typeof settings !== "object" || settings === null) throw new ValidationError("confirm", "must be an object { timeoutMs?, pollIntervalMs?, jobs? }");
  for (const field of ["timeoutMs", "pollIntervalMs"] as const) {
    const value = settings[field];
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
      throw new ValidationError(`confirm.${field}`, "must be a positive number of milliseconds", `Invalid confirm.${field}: expected a positive number of milliseconds, got ${String(value)}`);
    }
  }
  if (settings.jobs !== undefined) {
    if (typeof settings.jobs?.waitFor !== "function") throw new ValidationError("confirm.jobs", "must be a tracker from createLeadSquaredJobTracker");
    if (statusWebhookUrl === undefined) {
      throw new ValidationError("statusWebhookUrl", "is required with confirm.jobs", "Invalid statusWebhookUrl: confirm.jobs matches status posts, so LeadSquared needs a statusWebhookUrl to post them to");
    }
  }
}

const sameTimes = (a: Appointment, r: RescheduleResult) => a.start.getTime() === r.start.getTime() && a.end.getTime() === r.end.getTime();
const range = (a: { start: Date; end: Date }) => `${a.start.toISOString()}–${a.end.toISOString()}`;

/**
 * One confirmation per result, in order: `confirmed: true` once the task reads back with the moved times; `false`
 * (with the reason and the task as last read) when it is missing, or still shows other times at the timeout.
 * Rejects with AbortError when `signal` aborts.
 */
export async function confirmLeadSquaredMoves(
  results: readonly RescheduleResult<"leadsquared">[],
  read: ReadTask,
  settings: LeadSquaredConfirmSettings = {},
  signal?: AbortSignal,
): Promise<MoveConfirmation<"leadsquared">[]> {
  const timeoutMs = settings.timeoutMs ?? DEFAULT_CONFIRM_TIMEOUT_MS;
  const every = settings.pollIntervalMs ?? DEFAULT_CONFIRM_POLL_INTERVAL_MS;
  const deadline = Date.now() + timeoutMs;
  const settled: (MoveConfirmation<"leadsquared"> | undefined)[] = results.map(() => undefined);
  const lastRead: (Appointment<"leadsquared"> | undefined)[] = [];
  const lastProblem: (string | undefined)[] = [];

  const readBack = async (indexes: number[]) => {
    const queue = [...indexes];
    const worker = async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
        const result = results[i]!;
        try {
          const task = await read(result.appointmentId, signal);
          lastRead[i] = task;
          if (sameTimes(task, result)) settled[i] = { confirmed: true, appointment: task };
        } catch (e) {
          if (e instanceof AbortError) throw e;
          if (e instanceof NotFoundError) settled[i] = { confirmed: false, reason: `LeadSquared has no task ${result.appointmentId}` };
          else lastProblem[i] = e instanceof Error ? e.message : String(e);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(READS_AT_ONCE, queue.length) }, worker));
  };
  const pending = () => results.map((_, i) => i).filter((i) => settled[i] === undefined);

  let heard: Set<string> | undefined;
  if (settings.jobs) {
    const jobIds = [...new Set(results.map((r) => r.jobId).filter((id): id is string => id !== undefined))];
    const posts = await Promise.all(jobIds.map((id) => settings.jobs!.waitFor(id, Math.max(0, deadline - Date.now()), signal)));
    heard = new Set(jobIds.filter((_, k) => posts[k] !== undefined));
    await readBack(pending());
  } else {
    for (;;) {
      await readBack(pending());
      if (pending().length === 0 || Date.now() + every > deadline) break;
      await sleep(every, signal);
    }
  }

  return results.map((result, i) => {
    if (settled[i]) return settled[i]!;
    const task = lastRead[i];
    const seen = task ? `task ${result.appointmentId} reads ${range(task)}, not ${range(result)}` : `task ${result.appointmentId} could not be read (${lastProblem[i] ?? "no answer"})`;
    const when = heard === undefined ? `after ${timeoutMs} ms` : heard.has(result.jobId ?? "") ? `after job ${result.jobId} reported` : `with no status post for job ${result.jobId ?? "(none)"} within ${timeoutMs} ms`;
    return { confirmed: false, reason: `${seen} ${when}`, ...(task ? { appointment: task } : {}) };
  });
}
