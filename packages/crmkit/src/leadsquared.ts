// crmkit/leadsquared: everything @crmkit/leadsquared exports, and its adapter for createCrmkit.
export * from "@crmkit/leadsquared";
export * from "@crmkit/leadsquared/scheduling";
