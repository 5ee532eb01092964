// @crmkit/leadconnector/scheduling: HighLevel's appointments and blocked slots for crmkit's scheduling facade.
export * from "./scheduling/adapter.js";
export { environment } from "./environment.js";
