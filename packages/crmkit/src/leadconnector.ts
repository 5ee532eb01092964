// crmkit/leadconnector: everything @crmkit/leadconnector exports, and the adapter for createCrmkit.
export * from "@crmkit/leadconnector";
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
