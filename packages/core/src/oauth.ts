// OAuth providers live in their own module: a client that does not import them does not bundle them.
import { identityHash } from "./auth.js";
import { TimeoutError, createApiError } from "./errors.js";
import { scrub } from "./redact.js";
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

/** Refresh this long before expiry (or at half the token's lifetime, if shorter). */
const EXPIRY_MARGIN_MS = 60_000;
const TOKEN_REQUEST_TIMEOUT_MS = 30_000;

interface TokenEndpoint {
  vendor: VendorName;
  url: string;
  /** Non-secret identity for limiter sharing. */
  identity: string;
  /** The form fields of a token request (read on every request: a rotated refresh token changes them). */
  form: () => Record<string, string>;
  /** Values to scrub from the endpoint's error messages. */
  secrets: () => string[];
  /** Receives every new token response. */
  onToken: (tokens: TokenResponse) => void | Promise<void>;
  /** The provider's own transport; else the client's (`setFetch`), else the global fetch. */
  fetch: Fetch | undefined;
  /** A still-valid access token to start with. */
  accessToken?: string | undefined;
}

type TokenEndpointBody = Partial<TokenResponse> & { error?: string; error_description?: string };

/**
 * Token cache with single-flight fetching: concurrent callers share one token request; a token is refreshed
 * `EXPIRY_MARGIN_MS` (60 s, or half its lifetime if shorter) before it expires, and after a 401 unless the 401 was for
 * an older token.
 */
function tokenAuth(endpoint: TokenEndpoint): Auth {
  const { vendor, url } = endpoint;
  let transport = endpoint.fetch;
  let token = endpoint.accessToken;
  let refreshAt = Infinity;
  let pendingRequest: Promise<boolean> | undefined;

  const requestToken = async (): Promise<boolean> => {
    // one token request serves many calls, so no caller's signal applies to it: it has its own timeout
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), TOKEN_REQUEST_TIMEOUT_MS);
    let response: Response;
    let text: string;
    try {
      response = await (transport ?? fetch)(
        new Request(url, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
          body: new URLSearchParams(endpoint.form()),
          signal: controller.signal,
        }),
      );
      text = await response.text();
    } catch (error) {
      if (controller.signal.aborted)
        throw new TimeoutError(`Token request timed out after ${TOKEN_REQUEST_TIMEOUT_MS}ms: POST ${url}`);
      throw error;
    } finally {
      clearTimeout(timer);
    }

    let body: TokenEndpointBody = {};
    try {
      body = JSON.parse(text) || {};
    } catch {}
    if (!response.ok || typeof body.access_token != "string") {
      const reason = body.error_description ?? body.error ?? "HTTP " + response.status;
      throw createApiError({
        vendor,
        status: response.status,
        code: body.error,
        message: scrub(`Token request failed: ${reason}`, endpoint.secrets()),
        retryable: false,
      });
    }

    token = body.access_token;
    const lifetimeMs = Number(body.expires_in) * 1000;
    refreshAt = lifetimeMs > 0 ? Date.now() + lifetimeMs - Math.min(EXPIRY_MARGIN_MS, lifetimeMs / 2) : Infinity;
    await endpoint.onToken(body as TokenResponse);
    return true;
  };

  const fetchToken = () =>
    (pendingRequest ??= requestToken().finally(() => {
      pendingRequest = undefined;
    }));

  return {
    identity: endpoint.identity,
    setFetch: (clientFetch) => {
      transport ??= clientFetch;
    },
    apply: async (headers) => {
      if (!token || Date.now() >= refreshAt) await fetchToken();
      headers.set("Authorization", "Bearer " + token);
    },
    refresh: async (failed) => {
      // another call already replaced the token that failed: just retry with the current one
      if (token && failed && failed.get("authorization") != "Bearer " + token) return true;
      return fetchToken();
    },
  };
}

/** OAuth 2.0 client credentials (RFC 6749 §4.4) against a vendor's token endpoint. */
export interface ClientCredentialsOptions {
  /** The vendor id, for errors. */
  vendor: VendorName;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Scopes to request (space-separated). */
  scope?: string | undefined;
  /** Transport for the token request (default: the client's `fetch`). */
  fetch?: Fetch | undefined;
}

/**
 * Client credentials: form-encoded `grant_type=client_credentials`, token cached and refreshed 60 s before expiry, one
 * token request in flight at a time, and a fresh token after a 401.
 */
export const clientCredentialsAuth = (options: ClientCredentialsOptions): Auth =>
  tokenAuth({
    vendor: options.vendor,
    url: options.tokenUrl,
    identity: `${options.vendor}:` + identityHash(`${options.tokenUrl}\n${options.clientId}`),
    form: () => ({
      grant_type: "client_credentials",
      client_id: options.clientId,
      client_secret: options.clientSecret,
      ...(options.scope ? { scope: options.scope } : {}),
    }),
    secrets: () => [options.clientSecret],
    onToken: () => {},
    fetch: options.fetch,
  });

/** OAuth 2.0 refresh-token grant (RFC 6749 §6) against a vendor's token endpoint. */
export interface RefreshTokenOptions {
  /** The vendor id, for errors. */
  vendor: VendorName;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** A still-valid access token, if you have one (otherwise the first call refreshes). */
  accessToken?: string | undefined;
  /** Vendor-specific form fields sent with every refresh. */
  form?: Record<string, string> | undefined;
  /** Called after every refresh with the new tokens: persist `refresh_token` where the vendor rotates it. */
  onRefresh: (tokens: TokenResponse) => void | Promise<void>;
  /** Transport for the token request (default: the client's `fetch`). */
  fetch?: Fetch | undefined;
}

/**
 * Refresh-token flow: form-encoded `grant_type=refresh_token`; single-flight refresh on 401 (the retry step then retries
 * the call once) and before a known expiry; a rotated `refresh_token` in the answer replaces the one in use.
 */
export const refreshTokenAuth = (options: RefreshTokenOptions): Auth => {
  let refreshToken = options.refreshToken;
  return tokenAuth({
    vendor: options.vendor,
    url: options.tokenUrl,
    identity: `${options.vendor}:` + identityHash(`${options.clientId}\n${options.refreshToken}`),
    form: () => ({
      grant_type: "refresh_token",
      client_id: options.clientId,
      client_secret: options.clientSecret,
      refresh_token: refreshToken,
      ...options.form,
    }),
    secrets: () => [options.clientSecret, refreshToken],
    onToken: (tokens) => {
      if (tokens.refresh_token) refreshToken = tokens.refresh_token;
      return options.onRefresh(tokens);
    },
    fetch: options.fetch,
    accessToken: options.accessToken,
  });
};
