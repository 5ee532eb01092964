// crmkit: createCrmkit and its scheduling API, @crmkit/core, and every built-in vendor package with its adapter. Each
// vendor's subpath (crmkit/<vendor>) re-exports its package as it is, and is the sure way to keep the other vendors out
// of a bundle; here the names every vendor package exports alike (`paths`, `components`, …) carry the vendor's name.
// (Straight from the packages, not through the subpath files: a bundler drops what a named re-export does not use.)
export * from "@crmkit/core";
export { type Crmkit, type CrmkitConfig, VendorNotConfiguredError, configKey, createCrmkit } from "./crmkit.js";
export type { CallOptions as SchedulingCallOptions, Scheduling } from "./scheduling.js";
export { NotSupportedError } from "@crmkit/core/scheduling";
export type * from "./types.js";

export {
  type OperationId as LeadConnectorOperationId,
  type components as LeadConnectorComponents,
  type operations as LeadConnectorOperations,
  type paths as LeadConnectorPaths,
  type LeadConnectorClient,
  type LeadConnectorClientOptions,
  type LeadConnectorRefreshTokenOptions,
  createLeadConnectorClient,
  leadConnector,
  leadConnectorRefreshToken,
} from "@crmkit/leadconnector";
export {
  type LeadConnectorAdapter,
  type LeadConnectorAdapterOptions,
  type LeadConnectorAdapterSettings,
  type LeadConnectorBookingFields,
  type LeadConnectorFreeSlotFilters,
  type LeadConnectorListFilters,
  type MoveOpportunityInput,
  type Opportunity,
  type OpportunityStatus,
  leadConnectorAdapter,
  leadConnectorStatus,
} from "@crmkit/leadconnector/scheduling";
export {
  type OperationId as LeadSquaredOperationId,
  type components as LeadSquaredComponents,
  type operations as LeadSquaredOperations,
  type paths as LeadSquaredPaths,
  type LeadSquaredClient,
  type LeadSquaredClientOptions,
  createLeadSquaredClient,
  leadSquared,
} from "@crmkit/leadsquared";
export {
  LEADSQUARED_BULK_RATE_LIMIT,
  LEADSQUARED_DEFAULT_CHUNK_SIZE,
  type LeadSquaredAdapter,
  type LeadSquaredAdapterOptions,
  type LeadSquaredAdapterSettings,
  type LeadSquaredBookingFields,
  type LeadSquaredListFilters,
  leadSquaredAdapter,
  leadSquaredStatus,
} from "@crmkit/leadsquared/scheduling";
export {
  type OperationId as OneLinkOperationId,
  type components as OneLinkComponents,
  type operations as OneLinkOperations,
  type paths as OneLinkPaths,
  type OneLinkClient,
  type OneLinkClientOptions,
  createOneLinkClient,
  oneLink,
} from "@crmkit/onelink";
export {
  type OneLinkAdapter,
  type OneLinkAdapterOptions,
  type OneLinkAdapterSettings,
  type OneLinkBookingFields,
  type OneLinkListFilters,
  oneLinkAdapter,
  oneLinkStatus,
} from "@crmkit/onelink/scheduling";
export {
  type OperationId as PexipEngageOperationId,
  type components as PexipEngageComponents,
  type operations as PexipEngageOperations,
  type paths as PexipEngagePaths,
  type PexipClientCredentialsOptions,
  type PexipEngageClient,
  type PexipEngageClientOptions,
  createPexipEngageClient,
  pexipClientCredentials,
  pexipEngage,
} from "@crmkit/pexip-engage";
export {
  type LeadSegmentSchedulingSetting,
  type LeadSegmentSchedulingSettingInput,
  type MeetingType,
  type PexipEngageAdapter,
  type PexipEngageAdapterOptions,
  pexipEngageAdapter,
} from "@crmkit/pexip-engage/scheduling";
