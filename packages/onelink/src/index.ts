import { createVendorClient, headerAuth, requireOption, type CrmkitClientOptions, type VendorDefinition } from "@crmkit/core";
import type { components, operations as operationTypes, paths } from "./generated/openapi.js";
import { operations, server } from "./generated/operations.js";

export type { components, paths };
export type operations = operationTypes;
export type { OperationId } from "./generated/operations.js";

type OneLinkError = { error?: string; code?: string; details?: unknown };

/** One-Link (one-link.kz) scheduling API. */
export const oneLink: VendorDefinition = {
  vendor: "onelink",
  baseUrl: server.url,
  operations,
  // Rack::Attack default in One-Link's code: 3,000 requests per minute per IP.
  rateLimit: { limit: 3_000, windowMs: 60_000 },
  parseError(body) {
    const b = body as OneLinkError | undefined;
    return { code: b?.code, message: b?.error, details: b?.details };
  },
};

export interface OneLinkClientOptions extends CrmkitClientOptions {
  /** The user's API access token (profile page), sent as the `api_access_token` header. */
  apiAccessToken: string;
}

export function createOneLinkClient(options: OneLinkClientOptions) {
  const token = requireOption(options?.apiAccessToken, "apiAccessToken", "createOneLinkClient");
  return createVendorClient<paths>(oneLink, headerAuth({ api_access_token: token }), options);
}

export type OneLinkClient = ReturnType<typeof createOneLinkClient>;
