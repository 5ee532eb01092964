// @crmkit/onelink/scheduling: One-Link appointments for crmkit's scheduling facade.
export * from "./scheduling/adapter.js";
export { environment } from "./environment.js";
