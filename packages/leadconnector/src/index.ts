import { bearerAuth, createVendorClient, requireOption, type Auth, type CrmkitClientOptions, type VendorDefinition } from "@crmkit/core";
import type { components, operations as operationTypes, paths } from "./generated/openapi.js";
import { operations, server } from "./generated/operations.js";

export type { components, paths };
export type operations = operationTypes;
export type { OperationId } from "./generated/operations.js";
export { type LeadConnectorRefreshTokenOptions, leadConnectorRefreshToken } from "./auth.js";

/** HighLevel / LeadConnector API v2. White-label brands (e.g. Leadway) use the same host and contract. */
export const leadConnector: VendorDefinition = {
  vendor: "leadconnector",
  baseUrl: server.url,
  operations,
  // Burst limit per app per location: 100 requests / 10 s (HighLevel rate-limit docs).
  rateLimit: { limit: 100, windowMs: 10_000 },
  parseError(body) {
    const b = body as { error?: string; message?: string | string[] } | undefined;
    const message = Array.isArray(b?.message) ? b.message.join("; ") : b?.message;
    return { code: b?.error, message, details: Array.isArray(b?.message) ? b.message : undefined };
  },
  // HighLevel's rate-limit headers: with none left in the window, wait out the window's interval.
  serverDelay: (headers) =>
    headers.get("x-ratelimit-remaining") == "0" ? Number(headers.get("x-ratelimit-interval-milliseconds") ?? NaN) : NaN,
};

export interface LeadConnectorClientOptions extends CrmkitClientOptions {
  /** A Sub-Account (location) access token or Private Integration Token. Not needed when `auth` is given. */
  token?: string;
  /** Another way to authenticate, e.g. `leadConnectorRefreshToken(...)`. */
  auth?: Auth;
}

export function createLeadConnectorClient(options: LeadConnectorClientOptions) {
  const auth = options?.auth ?? bearerAuth(requireOption(options?.token, "token", "createLeadConnectorClient"));
  return createVendorClient<paths>(leadConnector, auth, options);
}

export type LeadConnectorClient = ReturnType<typeof createLeadConnectorClient>;
