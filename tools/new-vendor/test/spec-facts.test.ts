import { describe, expect, it } from "vitest";
import { camelCase, checkVendorId, credentialsOf, pascalCase, rateLimitOf, Refusal, specFacts } from "../src/spec-facts.mjs";

/** A one-operation contract with the given security schemes and top-level requirement. */
const contract = (schemes: Record<string, unknown>, security?: unknown[], extra: Record<string, unknown> = {}) => ({
  openapi: "3.1.0",
  info: { title: "Acme CRM", version: "1", description: "Contacts and deals.\n\nMore text." },
  servers: [{ url: "https://{region}.acme.example/api", variables: { region: { default: "eu" } } }],
  ...(security ? { security } : {}),
  paths: { "/contacts": { get: { operationId: "listContacts", summary: "List contacts", responses: { "200": { description: "ok" } } } } },
  components: { securitySchemes: schemes },
  ...extra,
});
const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(Refusal);
    return (error as Error).message;
  }
  throw new Error("expected a refusal");
};

describe("names", () => {
  it("accepts folder-safe ids and refuses the rest, saying what is allowed", () => {
    for (const id of ["acme", "acme-crm", "web2-crm", "a1"]) expect(checkVendorId(id)).toBe(id);
    for (const id of ["Acme", "acme_crm", "acme--crm", "-acme", "acme-", "2acme", "acme crm", "../acme", "a".repeat(51)]) {
      expect(refusal(() => checkVendorId(id))).toContain(`"${id}" is not a folder-safe vendor id`);
    }
    expect(refusal(() => checkVendorId(undefined))).toMatch(/^usage: pnpm new-vendor <name>/);
  });

  it("derives factory and option names", () => {
    expect(pascalCase("acme-crm")).toBe("AcmeCrm");
    expect(pascalCase("web2-crm")).toBe("Web2Crm");
    expect(camelCase("acme-crm")).toBe("acmeCrm");
    expect(camelCase("X-API-Key")).toBe("xApiKey");
    expect(camelCase("api_access_token")).toBe("apiAccessToken");
    expect(camelCase("x-LSQ-AccessKey")).toBe("xLsqAccessKey");
    expect(camelCase("hapikey")).toBe("hapikey");
  });
});

describe("credentials from securitySchemes", () => {
  it("maps bearer, header and query API keys to factory options", () => {
    expect(credentialsOf(contract({ b: { type: "http", scheme: "Bearer", description: "A token. Long story." } }, [{ b: [] }]))).toEqual([
      { scheme: "b", kind: "bearer", option: "token", description: "A token." },
    ]);
    expect(credentialsOf(contract({ k: { type: "apiKey", in: "header", name: "X-API-Key" } }, [{ k: [] }]))).toEqual([
      { scheme: "k", kind: "header", name: "X-API-Key", option: "xApiKey" },
    ]);
    expect(credentialsOf(contract({ q: { type: "apiKey", in: "query", name: "api_key" } }, [{ q: [] }]))).toEqual([
      { scheme: "q", kind: "query", name: "api_key", option: "apiKey" },
    ]);
  });

  it("takes the first requirement it supports, with all of its schemes", () => {
    const schemes = {
      basic: { type: "http", scheme: "basic" },
      access: { type: "apiKey", in: "header", name: "x-Access-Key" },
      secret: { type: "apiKey", in: "header", name: "x-Secret-Key" },
    };
    expect(credentialsOf(contract(schemes, [{ basic: [] }, { access: [], secret: [] }])).map((c) => c.option)).toEqual(["xAccessKey", "xSecretKey"]);
  });

  it("uses the operations' own requirements when there is no top-level one, and needs none for a public API", () => {
    const spec = contract({ b: { type: "http", scheme: "bearer" } });
    expect(credentialsOf(spec)).toEqual([]);
    (spec.paths["/contacts"].get as Record<string, unknown>).security = [{ b: [] }];
    expect(credentialsOf(spec).map((c) => c.kind)).toEqual(["bearer"]);
  });

  it("refuses, naming the schemes, when no requirement can be generated or not every operation accepts it", () => {
    expect(refusal(() => credentialsOf(contract({ basic: { type: "http", scheme: "basic" } }, [{ basic: [] }])))).toContain("basic is http basic");
    expect(refusal(() => credentialsOf(contract({ c: { type: "apiKey", in: "cookie", name: "sid" } }, [{ c: [] }])))).toContain("c is apiKey in cookie");
    expect(refusal(() => credentialsOf(contract({}, [{ ghost: [] }])))).toContain("ghost is not declared in components.securitySchemes");
    const spec = contract({ b: { type: "http", scheme: "bearer" }, k: { type: "apiKey", in: "header", name: "k" } }, [{ b: [] }]);
    (spec.paths["/contacts"].get as Record<string, unknown>).security = [{ k: [] }];
    expect(refusal(() => credentialsOf(spec))).toContain("{b} is not accepted by listContacts");
    expect(refusal(() => credentialsOf(contract({ k: { type: "apiKey", in: "header", name: "Timeout" } }, [{ k: [] }])))).toContain('"timeout"');
  });
});

describe("rate limit", () => {
  it("is the spec's x-crmkit-rate-limit, else a conservative default", () => {
    expect(rateLimitOf({ "x-crmkit-rate-limit": { limit: 100, windowMs: 10_000 } })).toEqual({ limit: 100, windowMs: 10_000, declared: true });
    expect(rateLimitOf({})).toEqual({ limit: 5, windowMs: 1_000, declared: false });
    expect(refusal(() => rateLimitOf({ "x-crmkit-rate-limit": { limit: 0, windowMs: 1000 } }))).toMatch(/^x-crmkit-rate-limit must be/);
    expect(refusal(() => rateLimitOf({ "x-crmkit-rate-limit": { limit: 1, window: "1m" } }))).toMatch(/^x-crmkit-rate-limit must be/);
  });
});

describe("specFacts", () => {
  it("collects what the templates need", () => {
    const facts = specFacts("acme-crm", contract({ b: { type: "http", scheme: "bearer" } }, [{ b: [] }]));
    expect(facts).toMatchObject({
      packageName: "@crmkit/acme-crm",
      pascal: "AcmeCrm",
      camel: "acmeCrm",
      title: "Acme CRM",
      summary: "Contacts and deals.",
      serverVariables: ["region"],
      operations: [{ method: "GET", path: "/contacts", operationId: "listContacts" }],
    });
  });

  it("refuses a document without a server URL, without operations, or with an unnamed operation", () => {
    const spec = contract({}, undefined);
    expect(refusal(() => specFacts("acme", { ...spec, servers: [] }))).toContain("needs an absolute http(s) URL in servers[0]");
    expect(refusal(() => specFacts("acme", { ...spec, paths: {} }))).toContain("has no operations");
    expect(refusal(() => specFacts("acme", { ...spec, paths: { "/x": { post: { responses: {} } } } }))).toContain("missing on POST /x");
    expect(refusal(() => specFacts("acme", "just text"))).toContain("is not an OpenAPI document");
  });
});
