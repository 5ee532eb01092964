// Learning the outcome of LeadSquared's bulk appointment-time jobs. LeadSquared posts a job's outcome to the call's
// `StatusWebhookURL` but documents neither that body nor whether it names the job; what crmkit can rely on is the URL
// it gave. So each bulk call gets its own reference in that URL's query, tied to the job id LeadSquared answers with,
// and a status post is matched to its job by that reference. Whether each move took is then read back from the task.
import { AbortError, ValidationError } from "@crmkit/core";

/** The query parameter of a bulk call's `StatusWebhookURL` that names the call (see `createLeadSquaredJobTracker`). */
export const JOB_REFERENCE_QUERY_PARAM = "crmkit_job";
const DEFAULT_TTL_MS = 60 * 60_000;

/** A status post, matched to its call. */
export interface LeadSquaredJobStatus {
  reference: string;
  /** The job LeadSquared accepted for the call, once the call's answer has arrived. */
  jobId: string | undefined;
  /** The body LeadSquared posted (undocumented: JSON when it parses, else text). */
  payload: unknown;
  receivedAt: Date;
}

/** What the tracker reads from a parsed `BulkUpdateAppointmentTimeStatus` event. */
export interface JobStatusPost {
  event: string;
  jobReference?: string | undefined;
  payload: unknown;
  receivedAt: Date;
}

/**
 * Matches LeadSquared's status posts to bulk jobs, in one process: give it to `leadSquaredAdapter({ confirm: { jobs } })`
 * (which puts a reference in each call's `StatusWebhookURL` and tracks the job) and to the receiver
 * (`parseWebhook(request, { secret, jobs })` or `leadSquaredWebhooks({ secret, jobs })`), which reports each post.
 * With several processes, a post may reach another one: confirm by reading back alone (no `jobs`) there.
 */
export interface LeadSquaredJobTracker {
  /** `statusWebhookUrl` with a fresh reference in its query, for one bulk call. */
  referenceUrl(statusWebhookUrl: string): { url: string; reference: string };
  /** Ties a call's reference to the job id LeadSquared answered with. */
  track(reference: string, jobId: string): void;
  /** Records a status post; resolves its job id when known. Events other than status posts are ignored. */
  notify(post: JobStatusPost): string | undefined;
  /** The job's status post: at once when it has come, else when it comes; `undefined` after `timeoutMs`. Rejects on abort. */
  waitFor(jobId: string, timeoutMs: number, signal?: AbortSignal): Promise<LeadSquaredJobStatus | undefined>;
}

interface Entry {
  jobId?: string;
  status?: LeadSquaredJobStatus;
  waiters: Set<(status: LeadSquaredJobStatus) => void>;
  expiresAt: number;
}

/** A tracker in this process's memory; references are forgotten `ttlMs` (default an hour) after their last use. */
export function createLeadSquaredJobTracker(options: { ttlMs?: number } = {}): LeadSquaredJobTracker {
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  if (!(Number.isFinite(ttlMs) && ttlMs > 0)) throw new ValidationError("ttlMs", "must be a positive number of milliseconds");
  const byReference = new Map<string, Entry>();
  const referenceOfJob = new Map<string, string>();
  const entry = (reference: string): Entry => {
    const now = Date.now();
    for (const [ref, e] of byReference) {
      if (e.expiresAt <= now && e.waiters.size === 0) byReference.delete(ref), e.jobId && referenceOfJob.delete(e.jobId);
    }
    const found: Entry = byReference.get(reference) ?? { waiters: new Set(), expiresAt: 0 };
    found.expiresAt = now + ttlMs;
    byReference.set(reference, found);
    return found;
  };

  return {
    referenceUrl(statusWebhookUrl) {
      const reference = globalThis.crypto.randomUUID();
      const url = new URL(statusWebhookUrl);
      url.searchParams.set(JOB_REFERENCE_QUERY_PARAM, reference);
      return { url: url.toString(), reference };
    },
    track(reference, jobId) {
      const e = entry(reference);
      e.jobId = jobId;
      referenceOfJob.set(jobId, reference);
      if (e.status) e.status.jobId = jobId;
    },
    notify(post) {
      if (post.event !== "BulkUpdateAppointmentTimeStatus" || !post.jobReference) return undefined;
      const e = entry(post.jobReference);
      const status: LeadSquaredJobStatus = { reference: post.jobReference, jobId: e.jobId, payload: post.payload, receivedAt: post.receivedAt };
      e.status = status;
      for (const wake of e.waiters) wake(status);
      return e.jobId;
    },
    waitFor(jobId, timeoutMs, signal) {
      const reference = referenceOfJob.get(jobId);
      if (reference === undefined) return Promise.resolve(undefined); // not a job this tracker saw sent
      const e = entry(reference);
      if (e.status) return Promise.resolve(e.status);
      return new Promise((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", abort);
          e.waiters.delete(wake);
        };
        const wake = (status: LeadSquaredJobStatus) => (done(), resolve(status));
        const abort = () => (done(), reject(new AbortError("Aborted")));
        const timer = setTimeout(() => (done(), resolve(undefined)), timeoutMs);
        e.waiters.add(wake);
        signal?.addEventListener("abort", abort);
        if (signal?.aborted) abort();
      });
    },
  };
}
