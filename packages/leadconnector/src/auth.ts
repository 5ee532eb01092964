import { type Auth, type TokenResponse, refreshTokenAuth } from "@crmkit/core";

export interface LeadConnectorRefreshTokenOptions {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** A still-valid access token, if you have one (otherwise the first call refreshes). */
  accessToken?: string;
  /** Default `https://services.leadconnectorhq.com/oauth/token`. */
  tokenUrl?: string;
  /** `Location` or `Company` (sent as `user_type` when given). */
  userType?: "Location" | "Company";
  /** Called after every refresh with the new tokens: persist `refresh_token` (HighLevel rotates it on every use). */
  onRefresh: (tokens: TokenResponse) => void | Promise<void>;
  /** Transport for the token request (default: the client's `fetch`). */
  fetch?: (request: Request) => Promise<Response>;
}

/**
 * HighLevel / LeadConnector refresh-token flow: `POST /oauth/token` form-encoded `grant_type=refresh_token`; single-flight
 * refresh on 401 (the call is then retried once) and before a known expiry; `onRefresh` receives the rotated tokens.
 */
export const leadConnectorRefreshToken = (options: LeadConnectorRefreshTokenOptions): Auth =>
  refreshTokenAuth({
    vendor: "leadconnector",
    tokenUrl: options.tokenUrl ?? "https://services.leadconnectorhq.com/oauth/token",
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    refreshToken: options.refreshToken,
    accessToken: options.accessToken,
    form: options.userType ? { user_type: options.userType } : undefined,
    onRefresh: options.onRefresh,
    fetch: options.fetch,
  });
