import { type Auth, clientCredentialsAuth } from "@crmkit/core";

export interface PexipClientCredentialsOptions {
  clientId: string;
  clientSecret: string;
  /** Tenant slug (the `{enterprise}` of the API and token URLs). */
  enterprise: string;
  /** Default `https://auth.pexipengage.com/realms/{enterprise}/protocol/openid-connect/token`. */
  tokenUrl?: string;
  /** Scopes to request (space-separated), e.g. `engage:leadSegments:readWrite`. */
  scope?: string;
  /** Transport for the token request (default: the client's `fetch`). */
  fetch?: (request: Request) => Promise<Response>;
}

/**
 * Pexip Engage OAuth 2.0 client credentials (Keycloak realm per tenant): token cached and refreshed 60 s before expiry,
 * one token request in flight at a time, and a fresh token after a 401.
 */
export const pexipClientCredentials = (options: PexipClientCredentialsOptions): Auth =>
  clientCredentialsAuth({
    vendor: "pexip-engage",
    tokenUrl:
      options.tokenUrl ??
      `https://auth.pexipengage.com/realms/${encodeURIComponent(options.enterprise)}/protocol/openid-connect/token`,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    scope: options.scope,
    fetch: options.fetch,
  });
