import { bearerAuth, createVendorClient, requireOption, type Auth, type CrmkitClientOptions, type VendorDefinition } from "@crmkit/core";
import type { components, operations as operationTypes, paths } from "./generated/openapi.js";
import { operations, server } from "./generated/operations.js";

export type { components, paths };
export type operations = operationTypes;
export type { OperationId } from "./generated/operations.js";
export { type PexipClientCredentialsOptions, pexipClientCredentials } from "./auth.js";

type PexipErrors = { errors?: { code?: string; message?: string }[] };

/** Pexip Engage REST API. The base URL carries the tenant: `/enterprises/{enterprise}`. */
export const pexipEngage: VendorDefinition = {
  vendor: "pexip-engage",
  baseUrl: server.url,
  operations,
  // Pexip Engage: 3,000 requests per minute and at most 4 concurrent requests per source IP.
  rateLimit: { limit: 3_000, windowMs: 60_000, maxInFlight: 4 },
  parseError(body) {
    const first = (body as PexipErrors | undefined)?.errors?.[0];
    return { code: first?.code, message: first?.message, details: (body as PexipErrors | undefined)?.errors };
  },
  requestIdHeaders: ["x-correlation-id"],
};

export interface PexipEngageClientOptions extends CrmkitClientOptions {
  /** A bearer access token. Not needed when `auth` is given (e.g. `pexipClientCredentials(...)`). */
  token?: string;
  auth?: Auth;
  /** The tenant slug in `https://api.pexipengage.com/enterprises/{enterprise}`. */
  enterprise: string;
}

export function createPexipEngageClient(options: PexipEngageClientOptions) {
  const enterprise = requireOption(options?.enterprise, "enterprise", "createPexipEngageClient");
  const auth = options.auth ?? bearerAuth(requireOption(options.token, "token", "createPexipEngageClient"));
  const baseUrl = options.baseUrl ?? server.url.replace("{enterprise}", encodeURIComponent(enterprise));
  return createVendorClient<paths>(pexipEngage, auth, { ...options, baseUrl });
}

export type PexipEngageClient = ReturnType<typeof createPexipEngageClient>;
