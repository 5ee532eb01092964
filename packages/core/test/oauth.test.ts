import { afterEach, describe, expect, it, vi } from "vitest";
import {
  TimeoutError,
  type TokenResponse,
  UnauthorizedError,
  createVendorClient,
  leadConnectorRefreshToken,
  pexipClientCredentials,
  unwrap,
} from "../src/index.js";
import { type paths, testVendor } from "./helpers.js";

const jsonRes = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A fake transport: token endpoint + API that accepts only `valid` bearer tokens. */
function transport(tokenUrl: string, issue: (form: URLSearchParams, n: number) => Response | Promise<Response>) {
  const tokenRequests: URLSearchParams[] = [];
  const apiAuth: string[] = [];
  const valid = new Set<string>();
  const fetch = async (r: Request) => {
    if (r.url === tokenUrl) {
      expect(r.method).toBe("POST");
      expect(r.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
      const form = new URLSearchParams(await r.text());
      tokenRequests.push(form);
      await sleep(30); // slow enough for concurrent callers to overlap
      return issue(form, tokenRequests.length);
    }
    const a = r.headers.get("authorization") ?? "";
    apiAuth.push(a);
    return valid.has(a) ? jsonRes(200, []) : jsonRes(401, { error: "Unauthorized", message: "Invalid token" });
  };
  return { fetch, tokenRequests, apiAuth, valid };
}

const client = (auth: Parameters<typeof createVendorClient>[1], fetch: (r: Request) => Promise<Response>) =>
  createVendorClient<paths>({ ...testVendor, baseUrl: "https://api.vendor.test" }, auth, { rateLimit: false, fetch });

describe("pexipClientCredentials", () => {
  afterEach(() => vi.useRealTimers());
  const URL_ = "https://auth.pexipengage.com/realms/acme/protocol/openid-connect/token";

  it("form-encoded client_credentials on the default URL with the client's fetch; one request for concurrent calls; cached", async () => {
    const t = transport(URL_, (_f, n) => (t.valid.add(`Bearer pex-${n}`), jsonRes(200, { access_token: `pex-${n}`, expires_in: 300, token_type: "Bearer" })));
    const c = client(pexipClientCredentials({ clientId: "cid", clientSecret: "pexip-client-secret-1", enterprise: "acme" }), t.fetch);
    await Promise.all(Array.from({ length: 5 }, () => unwrap(c.GET("/items"))));
    await unwrap(c.GET("/items"));
    expect(t.tokenRequests.map((f) => Object.fromEntries(f))).toEqual([
      { grant_type: "client_credentials", client_id: "cid", client_secret: "pexip-client-secret-1" },
    ]);
    expect(t.apiAuth).toEqual(Array(6).fill("Bearer pex-1"));
  });

  it("refreshes 60 s before expiry", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(1_000_000);
    const t = transport(URL_, (_f, n) => (t.valid.add(`Bearer pex-${n}`), jsonRes(200, { access_token: `pex-${n}`, expires_in: 300 })));
    const c = client(pexipClientCredentials({ clientId: "cid", clientSecret: "s3cret-value", enterprise: "acme" }), t.fetch);
    await unwrap(c.GET("/items"));
    vi.setSystemTime(1_000_000 + 239_000);
    await unwrap(c.GET("/items"));
    expect(t.tokenRequests).toHaveLength(1);
    vi.setSystemTime(1_000_000 + 240_000);
    await unwrap(c.GET("/items"));
    expect(t.tokenRequests).toHaveLength(2);
    expect(t.apiAuth).toEqual(["Bearer pex-1", "Bearer pex-1", "Bearer pex-2"]);
  });

  it("a 401 gets one fresh token for all concurrent callers, and the calls are retried", async () => {
    const t = transport(URL_, (_f, n) => (t.valid.add(`Bearer pex-${n}`), jsonRes(200, { access_token: `pex-${n}`, expires_in: 3600 })));
    const c = client(pexipClientCredentials({ clientId: "cid", clientSecret: "s3cret-value", enterprise: "acme" }), t.fetch);
    await unwrap(c.GET("/items"));
    t.valid.clear(); // server-side revocation
    t.valid.add("Bearer pex-2");
    await Promise.all(Array.from({ length: 4 }, () => unwrap(c.GET("/items"))));
    expect(t.tokenRequests).toHaveLength(2);
  });

  it("a hanging token endpoint fails with TimeoutError after 30 s, leaving no timer", async () => {
    vi.useFakeTimers();
    const fetch = (r: Request) =>
      r.url.includes("/token") ? new Promise<Response>((_res, rej) => r.signal.addEventListener("abort", () => rej(r.signal.reason))) : Promise.resolve(jsonRes(200, []));
    const c = client(pexipClientCredentials({ clientId: "cid", clientSecret: "s3cret-value", enterprise: "acme" }), fetch);
    const p = c.GET("/items").catch((e) => e);
    await vi.advanceTimersByTimeAsync(30_000);
    const err = await p;
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.message).toMatch(/^Token request timed out after 30000ms/);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("a refused token request throws the token endpoint's error, secrets scrubbed; custom tokenUrl and scope", async () => {
    const url = "https://idp.test/token";
    const t = transport(url, (f) =>
      jsonRes(401, { error: "invalid_client", error_description: `Invalid client secret ${f.get("client_secret")}` }),
    );
    const c = client(
      pexipClientCredentials({ clientId: "cid", clientSecret: "pexip-secret-XYZ123", enterprise: "acme", tokenUrl: url, scope: "engage:leadSegments:readOnly" }),
      t.fetch,
    );
    const err = await c.GET("/items").catch((e) => e);
    expect(err).toBeInstanceOf(UnauthorizedError);
    expect(err).toMatchObject({ vendor: "pexip-engage", status: 401, code: "invalid_client", retryable: false });
    expect(err.message).toBe("Token request failed: Invalid client secret ***");
    expect(JSON.stringify(err)).not.toContain("pexip-secret-XYZ123");
    expect(t.tokenRequests[0]!.get("scope")).toBe("engage:leadSegments:readOnly");
    expect(t.apiAuth).toEqual([]);
  });
});

describe("leadConnectorRefreshToken", () => {
  const URL_ = "https://services.leadconnectorhq.com/oauth/token";
  const issue = (t: ReturnType<typeof transport>) => (f: URLSearchParams, n: number) => {
    t.valid.add(`Bearer lc-access-${n}`);
    return jsonRes(200, { access_token: `lc-access-${n}`, refresh_token: `rt-${n + 1}`, expires_in: 86399, token_type: "Bearer", locationId: "L1", userType: f.get("user_type") ?? undefined });
  };

  it("refreshes once on concurrent 401s, retries every call, and hands the rotated tokens to onRefresh", async () => {
    const t = transport(URL_, (f, n) => issue(t)(f, n));
    const saved: TokenResponse[] = [];
    const auth = leadConnectorRefreshToken({
      clientId: "lc-client",
      clientSecret: "lc-client-secret",
      refreshToken: "rt-1",
      accessToken: "lc-old",
      onRefresh: async (tok) => void saved.push(tok),
    });
    const c = client(auth, t.fetch);
    await Promise.all(Array.from({ length: 5 }, () => unwrap(c.GET("/items"))));
    expect(t.tokenRequests.map((f) => Object.fromEntries(f))).toEqual([
      { grant_type: "refresh_token", client_id: "lc-client", client_secret: "lc-client-secret", refresh_token: "rt-1" },
    ]);
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ access_token: "lc-access-1", refresh_token: "rt-2" });
    expect(t.apiAuth.filter((a) => a == "Bearer lc-old")).toHaveLength(5);
    expect(t.apiAuth.filter((a) => a == "Bearer lc-access-1")).toHaveLength(5);

    // the next refresh uses the rotated refresh token
    t.valid.clear();
    await unwrap(c.GET("/items"));
    expect(t.tokenRequests[1]!.get("refresh_token")).toBe("rt-2");
    expect(saved.map((s) => s.refresh_token)).toEqual(["rt-2", "rt-3"]);
  });

  it("without an access token, the first call refreshes first (once for concurrent calls); user_type is sent", async () => {
    const t = transport(URL_, (f, n) => issue(t)(f, n));
    const auth = leadConnectorRefreshToken({ clientId: "a", clientSecret: "b-secret", refreshToken: "rt-1", userType: "Location", onRefresh: () => {} });
    const c = client(auth, t.fetch);
    await Promise.all([unwrap(c.GET("/items")), unwrap(c.GET("/items"))]);
    expect(t.tokenRequests).toHaveLength(1);
    expect(t.tokenRequests[0]!.get("user_type")).toBe("Location");
    expect(t.apiAuth).toEqual(["Bearer lc-access-1", "Bearer lc-access-1"]);
  });

  it("a failed refresh after a 401 throws the token endpoint's error, with no refresh token in it", async () => {
    const t = transport(URL_, (f) => jsonRes(400, { error: "invalid_grant", error_description: `Refresh token ${f.get("refresh_token")} is invalid` }));
    const auth = leadConnectorRefreshToken({ clientId: "a", clientSecret: "b-secret", refreshToken: "rt-secret-999", accessToken: "lc-old", onRefresh: () => {} });
    const err = await client(auth, t.fetch).GET("/items").catch((e) => e);
    expect(err).toMatchObject({ name: "BadRequestError", code: "invalid_grant", vendor: "leadconnector" });
    expect(err.message).toBe("Token request failed: Refresh token *** is invalid");
    expect(t.apiAuth).toEqual(["Bearer lc-old"]);
  });
});
