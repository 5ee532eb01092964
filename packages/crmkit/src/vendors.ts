// The vendors crmkit ships with, as the facade's types and messages name them. Nothing here runs vendor code: these are
// type re-exports and names, so a bundle still holds only the vendors an application configures. Any other adapter
// (a `VendorAdapter` from another package) works with createCrmkit as well; it is typed by the adapter itself.
import type { LeadConnectorAdapter, MoveOpportunityInput, Opportunity } from "@crmkit/leadconnector/scheduling";
import type { LeadSquaredAdapter } from "@crmkit/leadsquared/scheduling";
import type { OneLinkAdapter } from "@crmkit/onelink/scheduling";
import type {
  LeadSegmentSchedulingSetting,
  LeadSegmentSchedulingSettingInput,
  PexipEngageAdapter,
} from "@crmkit/pexip-engage/scheduling";

/** The built-in vendors' scheduling adapters: their vendor ids, filters and booking fields type `crm.scheduling`. */
export type BuiltInSchedulingAdapter = LeadConnectorAdapter | LeadSquaredAdapter | OneLinkAdapter;

/** The built-in vendors whose appointments `crm.scheduling` lists, books, reads, moves and cancels. */
export type SchedulingVendor = BuiltInSchedulingAdapter["vendor"];

/** The built-in vendors' adapter factories and subpaths, for the messages that tell a caller what to pass. */
export const builtInAdapters: Readonly<Record<string, { vendor: string; factory: string }>> = {
  leadconnector: { vendor: "leadconnector", factory: "leadConnectorAdapter" },
  leadsquared: { vendor: "leadsquared", factory: "leadSquaredAdapter" },
  onelink: { vendor: "onelink", factory: "oneLinkAdapter" },
  pexipEngage: { vendor: "pexip-engage", factory: "pexipEngageAdapter" },
};

/** Scheduling operations only one vendor has, offered by `crm.scheduling` and answered by that vendor's adapter. */
export interface VendorSchedulingMethods {
  /** Pexip Engage: replace a lead segment's scheduling settings (meeting type / subject pairs); resolves to the new list. */
  setLeadSegmentSchedulingSettings(
    segmentId: string,
    settings: readonly LeadSegmentSchedulingSettingInput[],
    options?: { signal?: AbortSignal },
  ): Promise<LeadSegmentSchedulingSetting[]>;
  /** HighLevel: move an opportunity to another stage and/or status; resolves to the updated opportunity. */
  moveOpportunity(input: MoveOpportunityInput, options?: { signal?: AbortSignal }): Promise<Opportunity>;
}

/** Which vendor answers each of those methods (its adapter has a method of that name taking the signal last). */
export const vendorSchedulingMethods: Readonly<Record<keyof VendorSchedulingMethods, string>> = {
  setLeadSegmentSchedulingSettings: "pexip-engage",
  moveOpportunity: "leadconnector",
};
