// crmkit/leadconnector: everything @crmkit/leadconnector exports, and its adapter for createCrmkit.
export * from "@crmkit/leadconnector";
export * from "@crmkit/leadconnector/scheduling";
