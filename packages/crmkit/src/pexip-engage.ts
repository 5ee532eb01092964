// crmkit/pexip-engage: everything @crmkit/pexip-engage exports, and the adapter for createCrmkit.
export * from "@crmkit/pexip-engage";
export {
  type LeadSegmentSchedulingSetting,
  type LeadSegmentSchedulingSettingInput,
  type MeetingType,
  type PexipEngageAdapter,
  type PexipEngageAdapterOptions,
  pexipEngageAdapter,
} from "./adapters/pexip-engage.js";
