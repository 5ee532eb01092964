import { afterEach, describe, expect, it, vi } from "vitest";
import { TimeoutError, type TokenResponse, UnauthorizedError, unwrap } from "@crmkit/core";
import { client, jsonRes, sleep, transport } from "../../core/test/oauth-helpers.js";
import { leadConnectorRefreshToken } from "../src/index.js";

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

describe("HighLevel's rate-limit headers", () => {
  it("with none left in the window, the retry waits the window's interval; otherwise the generic headers decide", async () => {
    const { serverDelay } = await import("@crmkit/core");
    const { leadConnector } = await import("../src/index.js");
    const h = (o: Record<string, string>) => new Headers(o);
    const now = 1_800_000_000_000;
    expect(serverDelay(h({ "x-ratelimit-remaining": "0", "x-ratelimit-interval-milliseconds": "10000" }), now, leadConnector.serverDelay)).toBe(10000);
    expect(serverDelay(h({ "x-ratelimit-remaining": "5", "x-ratelimit-interval-milliseconds": "10000" }), now, leadConnector.serverDelay)).toBeNaN();
    expect(serverDelay(h({ "retry-after": "2", "x-ratelimit-remaining": "0", "x-ratelimit-interval-milliseconds": "10000" }), now, leadConnector.serverDelay)).toBe(2000);
  });
});
