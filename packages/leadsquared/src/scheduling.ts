// @crmkit/leadsquared/scheduling: LeadSquared appointments (tasks) for crmkit's scheduling facade.
export * from "./scheduling/adapter.js";
export { type JobStatusPost, JOB_REFERENCE_QUERY_PARAM, type LeadSquaredJobStatus, type LeadSquaredJobTracker, createLeadSquaredJobTracker } from "./bulk-jobs.js";
export { DEFAULT_CONFIRM_POLL_INTERVAL_MS, DEFAULT_CONFIRM_TIMEOUT_MS, type LeadSquaredConfirmSettings, confirmLeadSquaredMoves } from "./confirm-moves.js";
export { environment } from "./environment.js";
