// @crmkit/leadsquared/scheduling: LeadSquared appointments (tasks) for crmkit's scheduling facade.
export * from "./scheduling/adapter.js";
export { environment } from "./environment.js";
