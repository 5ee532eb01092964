// crmkit/onelink: everything @crmkit/onelink exports, and its adapter for createCrmkit.
export * from "@crmkit/onelink";
export * from "@crmkit/onelink/scheduling";
