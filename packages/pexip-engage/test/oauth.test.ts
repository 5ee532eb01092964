import { afterEach, describe, expect, it, vi } from "vitest";
import { TimeoutError, type TokenResponse, UnauthorizedError, unwrap } from "@crmkit/core";
import { client, jsonRes, sleep, transport } from "../../core/test/oauth-helpers.js";
import { pexipClientCredentials } from "../src/index.js";

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

