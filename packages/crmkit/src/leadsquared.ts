// crmkit/leadsquared: everything @crmkit/leadsquared exports, and the adapter for createCrmkit.
export * from "@crmkit/leadsquared";
export {
  LEADSQUARED_BULK_RATE_LIMIT,
  LEADSQUARED_DEFAULT_CHUNK_SIZE,
  type LeadSquaredAdapter,
  type LeadSquaredAdapterOptions,
  type LeadSquaredAdapterSettings,
  leadSquaredAdapter,
  leadSquaredStatus,
} from "./adapters/leadsquared.js";
