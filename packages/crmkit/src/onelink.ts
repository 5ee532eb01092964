// crmkit/onelink: everything @crmkit/onelink exports, and the adapter for createCrmkit.
export * from "@crmkit/onelink";
export { type OneLinkAdapter, type OneLinkAdapterOptions, type OneLinkAdapterSettings, oneLinkAdapter, oneLinkStatus } from "./adapters/onelink.js";
