// OAuth providers live in their own module: a client that does not import them does not bundle them.
import { identityHash } from "./auth.js";
import { TimeoutError, createApiError, scrub } from "./errors.js";
import type { Auth, VendorName } from "./types.js";

type Fetch = (request: Request) => Promise<Response>;

/** A token endpoint response (RFC 6749 §5.1, plus whatever the vendor adds). */
export interface TokenResponse {
  access_token: string;
  token_type?: string;
  expires_in?: number;
  refresh_token?: string;
  scope?: string;
  [key: string]: unknown;
}

const SKEW = 60_000,
  TOKEN_TIMEOUT = 30_000;

/**
 * Token cache with single-flight fetching: concurrent callers share one token request; a token is refreshed `SKEW`
 * (60 s, or half its lifetime if shorter) before it expires, and after a 401 unless the 401 was for an older token.
 */
function tokenAuth(
  vendor: VendorName,
  url: string,
  identity: string,
  form: () => Record<string, string>,
  secrets: () => string[],
  onToken: (t: TokenResponse) => void | Promise<void>,
  explicitFetch: Fetch | undefined,
  token?: string,
): Auth {
  let f = explicitFetch,
    exp = Infinity,
    inflight: Promise<boolean> | undefined;
  const get = () =>
    (inflight ??= (async () => {
      // one token request serves many calls, so no caller's signal applies to it: it has its own timeout
      const ac = new AbortController(),
        timer = setTimeout(() => ac.abort(), TOKEN_TIMEOUT);
      let r: Response, text: string;
      try {
        r = await (f ?? fetch)(
          new Request(url, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
            body: new URLSearchParams(form()),
            signal: ac.signal,
          }),
        );
        text = await r.text();
      } catch (e) {
        if (ac.signal.aborted) throw new TimeoutError(`Token request timed out after ${TOKEN_TIMEOUT}ms: POST ${url}`);
        throw e;
      } finally {
        clearTimeout(timer);
      }
      let j: Partial<TokenResponse> & { error?: string; error_description?: string } = {};
      try {
        j = JSON.parse(text) || {};
      } catch {}
      if (!r.ok || typeof j.access_token != "string")
        throw createApiError({
          vendor,
          status: r.status,
          code: j.error,
          message: scrub(`Token request failed: ${j.error_description ?? j.error ?? "HTTP " + r.status}`, secrets()),
          retryable: false,
        });
      token = j.access_token;
      const e = Number(j.expires_in) * 1e3;
      exp = e > 0 ? Date.now() + e - Math.min(SKEW, e / 2) : Infinity;
      await onToken(j as TokenResponse);
      return true;
    })().finally(() => (inflight = undefined)));
  return {
    identity,
    setFetch: (x) => void (f ??= x),
    apply: async (h) => {
      if (!token || Date.now() >= exp) await get();
      h.set("Authorization", "Bearer " + token);
    },
    // another call already replaced the token that failed: just retry with the current one
    refresh: async (failed) => (!!(token && failed) && failed!.get("authorization") != "Bearer " + token) || get(),
  };
}

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
  fetch?: Fetch;
}

/**
 * Pexip Engage OAuth 2.0 client credentials: form-encoded `grant_type=client_credentials`, token cached and refreshed
 * 60 s before expiry, one token request in flight at a time, and a fresh token after a 401.
 */
export const pexipClientCredentials = (o: PexipClientCredentialsOptions): Auth =>
  tokenAuth(
    "pexip-engage",
    o.tokenUrl ?? `https://auth.pexipengage.com/realms/${encodeURIComponent(o.enterprise)}/protocol/openid-connect/token`,
    "pexip:" + identityHash(`${o.enterprise}\n${o.clientId}`),
    () => ({
      grant_type: "client_credentials",
      client_id: o.clientId,
      client_secret: o.clientSecret,
      ...(o.scope ? { scope: o.scope } : {}),
    }),
    () => [o.clientSecret],
    () => {},
    o.fetch,
  );

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
  fetch?: Fetch;
}

/**
 * HighLevel / LeadConnector refresh-token flow: `POST /oauth/token` form-encoded `grant_type=refresh_token`; single-flight
 * refresh on 401 (the retry step then retries the call once) and before a known expiry; `onRefresh` receives the
 * rotated tokens.
 */
export const leadConnectorRefreshToken = (o: LeadConnectorRefreshTokenOptions): Auth => {
  let refresh = o.refreshToken;
  return tokenAuth(
    "leadconnector",
    o.tokenUrl ?? "https://services.leadconnectorhq.com/oauth/token",
    "lc:" + identityHash(`${o.clientId}\n${o.refreshToken}`),
    () => ({
      grant_type: "refresh_token",
      client_id: o.clientId,
      client_secret: o.clientSecret,
      refresh_token: refresh,
      ...(o.userType ? { user_type: o.userType } : {}),
    }),
    () => [o.clientSecret, refresh],
    (t) => {
      if (t.refresh_token) refresh = t.refresh_token;
      return o.onRefresh(t);
    },
    o.fetch,
    o.accessToken,
  );
};
