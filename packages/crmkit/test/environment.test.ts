// Each vendor package declares how a tool configures it from environment variables (`environment` on ./scheduling).
import { ValidationError } from "@crmkit/core";
import type { SchedulingAdapter } from "@crmkit/core/scheduling";
import { describe, expect, it } from "vitest";
import { environment as leadConnector } from "../src/leadconnector.js";
import { environment as leadSquared } from "../src/leadsquared.js";
import { environment as oneLink } from "../src/onelink.js";
import { environment as pexipEngage } from "../src/pexip-engage.js";
import { fakeVendor, json } from "./helpers.js";

const environments = [leadConnector, leadSquared, oneLink, pexipEngage];
const live = {
  HIGHLEVEL_TOKEN: "hl-token-value",
  LSQ_ACCESS_KEY: "lsq-access-value",
  LSQ_SECRET_KEY: "lsq-secret-value",
  ONELINK_TOKEN: "ol-token-value",
  ONELINK_ACCOUNT_ID: "12",
  PEXIP_TOKEN: "px-token-value",
  PEXIP_ENTERPRISE: "acme",
};

describe.each(environments.map((e) => [e.vendor, e] as const))("%s's environment", (vendor, environment) => {
  it("makes that vendor's adapter, named by its own variables", () => {
    expect(environment.create(live).vendor).toBe(vendor);
    expect(environment.required.length).toBeGreaterThan(0);
    for (const name of [...environment.required, ...environment.optional, environment.baseUrl]) expect(name).toMatch(/^[A-Z][A-Z0-9_]+$/);
  });

  it("needs its credentials for the real API, none against a mock", () => {
    const missing = Object.fromEntries(Object.entries(live).filter(([name]) => !environment.required.includes(name)));
    expect(() => environment.create(missing)).toThrow();
    expect(environment.create({}, { mock: true, baseUrl: "http://127.0.0.1:9" }).vendor).toBe(vendor);
  });

  it("sends to the base URL it is given, with the credentials from the environment", async () => {
    const { fetch, calls } = fakeVendor(() => json({}, 404));
    const client = environment.create(live, { baseUrl: "https://proxy.test/base", fetch }).client as { GET: (path: string) => Promise<unknown> };
    await client.GET("/anything").catch(() => undefined);
    expect(calls[0]!.url.href.startsWith("https://proxy.test/base/")).toBe(true);
    const sent = [...calls[0]!.headers.values()].join(" ");
    expect(environment.required.some((name) => sent.includes(live[name as keyof typeof live]))).toBe(true);
  });
});

describe.each([leadConnector, leadSquared, oneLink].map((e) => [e.vendor, e] as const))("%s's list filters", (vendor, environment) => {
  it("are the fields its listAppointments checks: a bad value of each is a ValidationError naming it, before any request", () => {
    const { fetch, calls } = fakeVendor(() => json({}));
    const adapter = environment.create({ ...live, HIGHLEVEL_LOCATION_ID: "loc-1" }, { fetch }) as unknown as SchedulingAdapter;
    const window = { from: { ms: 0 }, to: { ms: 86_400_000 } } as never;
    expect(environment.listFilters?.length).toBeGreaterThan(0);
    for (const filter of environment.listFilters!) {
      const bad = filter.many ? [""] : "";
      const error = (() => {
        try {
          adapter.listAppointments({ vendor, from: "", to: "", [filter.name]: bad }, window);
        } catch (e) {
          return e;
        }
      })();
      expect(error, filter.name).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field.replace(/\[\d+\]$/, "")).toBe(filter.name);
    }
    expect(calls).toHaveLength(0);
  });
});
