// crmkit/pexip-engage: everything @crmkit/pexip-engage exports, and its adapter for createCrmkit.
export * from "@crmkit/pexip-engage";
export * from "@crmkit/pexip-engage/scheduling";
