// The generated src/index.ts for every kind of credential, type-checked against @crmkit/core's source (the end-to-end
// test builds and runs one kind; this one proves the others compile).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../specs/vendors.mjs";
import { renderIndex } from "../src/render-source.mjs";
import { specFacts } from "../src/spec-facts.mjs";

const schemes = {
  bearer: { type: "http", scheme: "bearer" },
  oauth: { type: "oauth2", flows: {} },
  header: { type: "apiKey", in: "header", name: "X-API-Key" },
  query: { type: "apiKey", in: "query", name: "api_key" },
  query2: { type: "apiKey", in: "query", name: "signature" },
};
const contract = (security: Record<string, string[]>[], extra: Record<string, unknown> = {}) => ({
  openapi: "3.1.0",
  info: { title: "Acme", version: "1" },
  servers: [{ url: "https://{host}/v{version}", variables: { host: { default: "api.acme.example" }, version: { default: "2" } } }],
  security,
  paths: { "/things": { get: { operationId: "listThings", responses: { "200": { description: "ok" } } } } },
  components: { securitySchemes: schemes },
  ...extra,
});

const variants = {
  bearer: contract([{ bearer: [] }]),
  oauth: contract([{ oauth: [] }]),
  header: contract([{ header: [] }], { "x-crmkit-rate-limit": { limit: 100, windowMs: 60_000, maxInFlight: 4 } }),
  "bearer-and-header": contract([{ bearer: [], header: [] }]),
  "two-query-keys": contract([{ query: [], query2: [] }]),
  "no-credentials": contract([]),
};

const scratch = mkdtempSync(join(tmpdir(), "crmkit-new-vendor-render-"));
writeFileSync(join(scratch, "package.json"), JSON.stringify({ type: "module" }));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes a variant's src/index.ts next to stand-ins for its generated files. */
function writeVariant(name: string, spec: object): string {
  const src = join(scratch, name, "src");
  mkdirSync(join(src, "generated"), { recursive: true });
  writeFileSync(join(src, "generated/openapi.ts"), "export type paths = {};\nexport type components = {};\nexport type operations = {};\n");
  writeFileSync(
    join(src, "generated/operations.ts"),
    `import type { OperationMeta } from "@crmkit/core";\nexport const server = { url: "https://{host}/v{version}", variables: { host: "api.acme.example", version: "2" } } as const;\n` +
      "export const operations: readonly OperationMeta[] = [];\nexport type OperationId = never;\n",
  );
  const source = renderIndex(specFacts("acme", spec));
  writeFileSync(join(src, "index.ts"), source);
  return source;
}

describe("the generated src/index.ts", () => {
  const sources = Object.fromEntries(Object.entries(variants).map(([name, spec]) => [name, writeVariant(name, spec)]));

  it("type-checks against @crmkit/core for every kind of credential", { timeout: 60_000 }, () => {
    const program = ts.createProgram(
      Object.keys(variants).map((name) => join(scratch, name, "src/index.ts")),
      {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        lib: ["lib.es2023.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
        strict: true,
        noUncheckedIndexedAccess: true,
        verbatimModuleSyntax: true,
        skipLibCheck: true,
        noEmit: true,
        types: [],
        paths: { "@crmkit/core": [join(repoRoot, "packages/core/src/index.ts")] },
      },
    );
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file?.fileName.startsWith(scratch))
      .map((d) => `${d.file!.fileName.slice(scratch.length)}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    expect(problems).toEqual([]);
  });

  it("hands core the credentials the way the contract sends them", () => {
    expect(sources.bearer).toContain("bearerAuth(token)");
    expect(sources.oauth).toContain("bearerAuth(token)");
    expect(sources.header).toContain('headerAuth({ "X-API-Key": xApiKey })');
    expect(sources["bearer-and-header"]).toContain('headerAuth({ Authorization: `Bearer ${token}`, "X-API-Key": xApiKey })');
    expect(sources["two-query-keys"]).toContain("headerAuth({ api_key: apiKey, signature })");
    expect(sources["two-query-keys"]).toContain('const queryCredentials = ["api_key","signature"];');
    expect(sources["two-query-keys"]).toContain("fetch: withQueryCredentials(options.fetch)");
    expect(sources["no-credentials"]).toContain("export function createAcmeClient(options?: AcmeClientOptions)");
    expect(sources["no-credentials"]).not.toContain("requireOption");
  });

  it("fills the base URL's server variables and says where the rate limit comes from", () => {
    expect(sources.bearer).toContain('baseUrl: server.url.replace("{host}", server.variables["host"]).replace("{version}", server.variables["version"]),');
    expect(sources.bearer).toContain("rateLimit: { limit: 5, windowMs: 1_000 },");
    expect(sources.bearer).toContain("The spec declares no rate limit (`x-crmkit-rate-limit`), so this is a conservative default");
    expect(sources.header).toContain("rateLimit: { limit: 100, windowMs: 60_000, maxInFlight: 4 },");
    expect(sources.header).toContain("// The spec's `x-crmkit-rate-limit`.");
  });
});
