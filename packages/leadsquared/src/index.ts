import { createVendorClient, headerAuth, requireOption, type CrmkitClientOptions, type VendorDefinition } from "@crmkit/core";
import type { components, operations as operationTypes, paths } from "./generated/openapi.js";
import { operations, server } from "./generated/operations.js";

export type { components, paths };
export type operations = operationTypes;
export type { OperationId } from "./generated/operations.js";

type LeadSquaredError = { Status?: string; ExceptionType?: string; ExceptionMessage?: string };

/** LeadSquared task / appointment APIs (regional hosts; keys per user). */
export const leadSquared: VendorDefinition = {
  vendor: "leadsquared",
  baseUrl: server.url.replace("{host}", server.variables.host),
  operations,
  // Enterprise plan: 25 calls per 5 s (LeadSquared rate-limit docs); lower plans override `rateLimit`.
  rateLimit: { limit: 25, windowMs: 5_000 },
  parseError(body) {
    const b = body as LeadSquaredError | undefined;
    return { code: b?.ExceptionType, message: b?.ExceptionMessage };
  },
  // LeadSquared may answer 200 with `{ Status: "Error", ... }`: that is an error, not data.
  isErrorBody: (body) => (body as LeadSquaredError | undefined)?.Status === "Error",
};

export interface LeadSquaredClientOptions extends CrmkitClientOptions {
  accessKey: string;
  secretKey: string;
  /** Regional API host, e.g. `api-in21.leadsquared.com`. Defaults to `api.leadsquared.com`. Ignored when `baseUrl` is set. */
  host?: string;
}

/** Keys go in the `x-LSQ-AccessKey` / `x-LSQ-SecretKey` headers, never in the URL. */
export function createLeadSquaredClient(options: LeadSquaredClientOptions) {
  const accessKey = requireOption(options?.accessKey, "accessKey", "createLeadSquaredClient");
  const secretKey = requireOption(options?.secretKey, "secretKey", "createLeadSquaredClient");
  const baseUrl = options.baseUrl ?? (options.host ? `https://${options.host}` : undefined);
  return createVendorClient<paths>(
    leadSquared,
    headerAuth({ "x-LSQ-AccessKey": accessKey, "x-LSQ-SecretKey": secretKey }),
    { ...options, baseUrl },
  );
}

export type LeadSquaredClient = ReturnType<typeof createLeadSquaredClient>;
