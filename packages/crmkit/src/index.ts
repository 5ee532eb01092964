// crmkit: createCrmkit and its scheduling API, @crmkit/core, and every vendor package. The vendor packages export the
// same type names (`paths`, `components`, …), so here those carry the vendor's name; the subpaths
// (crmkit/leadsquared, …) re-export each package as it is.
export * from "@crmkit/core";
export { type CallOptions as SchedulingCallOptions, type Crmkit, type CrmkitConfig, type Scheduling, VendorNotConfiguredError, createCrmkit } from "./crmkit.js";
export type {
  Appointment,
  AppointmentStatus,
  PreparedMove,
  RescheduleInput,
  RescheduleManyOptions,
  RescheduleOutcome,
  RescheduleProgress,
  RescheduleResult,
  SchedulingAdapter,
  SchedulingVendor,
} from "./types.js";

export {
  type LeadConnectorClient,
  type LeadConnectorClientOptions,
  type OperationId as LeadConnectorOperationId,
  type components as LeadConnectorComponents,
  type operations as LeadConnectorOperations,
  type paths as LeadConnectorPaths,
  createLeadConnectorClient,
  leadConnector,
} from "@crmkit/leadconnector";
export {
  type LeadSquaredClient,
  type LeadSquaredClientOptions,
  type OperationId as LeadSquaredOperationId,
  type components as LeadSquaredComponents,
  type operations as LeadSquaredOperations,
  type paths as LeadSquaredPaths,
  createLeadSquaredClient,
  leadSquared,
} from "@crmkit/leadsquared";
export {
  type OneLinkClient,
  type OneLinkClientOptions,
  type OperationId as OneLinkOperationId,
  type components as OneLinkComponents,
  type operations as OneLinkOperations,
  type paths as OneLinkPaths,
  createOneLinkClient,
  oneLink,
} from "@crmkit/onelink";
export {
  type OperationId as PexipEngageOperationId,
  type PexipEngageClient,
  type PexipEngageClientOptions,
  type components as PexipEngageComponents,
  type operations as PexipEngageOperations,
  type paths as PexipEngagePaths,
  createPexipEngageClient,
  pexipEngage,
} from "@crmkit/pexip-engage";

// The adapters, also here for one-import code; in a bundle, importing them from the subpaths is the sure way to keep
// the other vendors out.
export {
  type LeadConnectorAdapter,
  type LeadConnectorAdapterOptions,
  type LeadConnectorAdapterSettings,
  type MoveOpportunityInput,
  type Opportunity,
  type OpportunityStatus,
  leadConnectorAdapter,
  leadConnectorStatus,
} from "./adapters/leadconnector.js";
export {
  LEADSQUARED_BULK_RATE_LIMIT,
  LEADSQUARED_DEFAULT_CHUNK_SIZE,
  type LeadSquaredAdapter,
  type LeadSquaredAdapterOptions,
  type LeadSquaredAdapterSettings,
  leadSquaredAdapter,
  leadSquaredStatus,
} from "./adapters/leadsquared.js";
export { type OneLinkAdapter, type OneLinkAdapterOptions, type OneLinkAdapterSettings, oneLinkAdapter, oneLinkStatus } from "./adapters/onelink.js";
export {
  type LeadSegmentSchedulingSetting,
  type LeadSegmentSchedulingSettingInput,
  type MeetingType,
  type PexipEngageAdapter,
  type PexipEngageAdapterOptions,
  pexipEngageAdapter,
} from "./adapters/pexip-engage.js";
