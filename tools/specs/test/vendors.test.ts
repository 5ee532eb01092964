import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, vendorPackage, vendors, vendorsIn } from "../vendors.mjs";

const contract = (title: string) =>
  [
    "openapi: 3.1.0",
    `info: { title: ${title}, version: "1" }`,
    `servers: [{ url: "https://${title}.example" }]`,
    "paths:",
    "  /things:",
    "    get:",
    "      operationId: listThings",
    '      responses: { "200": { description: ok } }',
    "",
  ].join("\n");

function addVendor(specsDir: string, vendor: string): void {
  mkdirSync(join(specsDir, vendor), { recursive: true });
  writeFileSync(join(specsDir, vendor, "openapi.yaml"), contract(vendor));
}

describe("vendorsIn", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "crmkit-vendors-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("lists exactly the folders that hold an openapi.yaml, sorted", () => {
    addVendor(dir, "zeta");
    addVendor(dir, "alpha");
    mkdirSync(join(dir, "drafts")); // a folder without a contract
    writeFileSync(join(dir, "CONVENTIONS.md"), "# not a vendor\n");
    expect(vendorsIn(dir)).toEqual(["alpha", "zeta"]);

    addVendor(dir, "mu");
    expect(vendorsIn(dir)).toEqual(["alpha", "mu", "zeta"]);
  });

  it("is empty for a folder that does not exist", () => {
    expect(vendorsIn(join(dir, "missing"))).toEqual([]);
  });

  it("is what this repository's specs/ holds", () => {
    expect(vendors).toEqual(vendorsIn(join(repoRoot, "specs")));
    expect(vendors.length).toBeGreaterThan(0);
  });
});

/**
 * The real generator, staleness check and mock package, copied into a scratch repository whose specs/ is a fixture:
 * adding a folder there must reach all three without any other edit.
 */
describe("a new specs/<vendor>/ folder reaches every tool", () => {
  let root: string;
  const node = (...args: string[]) => spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
  const mockVendors = () => {
    const script = `import("./packages/mock/dist/index.js").then((m) => console.log(JSON.stringify(m.vendors)))`;
    return JSON.parse(node("--input-type=module", "-e", script).stdout);
  };

  beforeAll(() => {
    const distIndex = join(repoRoot, "packages/mock/dist/index.js");
    if (!existsSync(distIndex)) throw new Error("packages/mock is not built: run `pnpm build` first");
    root = mkdtempSync(join(tmpdir(), "crmkit-registry-"));
    const skipDependencies = (source: string) => !source.includes("node_modules");
    cpSync(join(repoRoot, "tools/specs"), join(root, "tools/specs"), { recursive: true, filter: skipDependencies });
    cpSync(join(repoRoot, "tools/generate"), join(root, "tools/generate"), { recursive: true, filter: skipDependencies });
    symlinkSync(join(repoRoot, "tools/generate/node_modules"), join(root, "tools/generate/node_modules"));
    cpSync(join(repoRoot, "packages/mock/scripts"), join(root, "packages/mock/scripts"), { recursive: true });
    cpSync(join(repoRoot, "packages/mock/dist"), join(root, "packages/mock/dist"), { recursive: true });
    // the built package's own dependencies (e.g. yaml, for webhook examples), as an install would provide them
    symlinkSync(join(repoRoot, "packages/mock/node_modules"), join(root, "packages/mock/node_modules"));
    addVendor(join(root, "specs"), "alpha");
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("generator and staleness check cover it", { timeout: 60_000 }, () => {
    expect(node("tools/generate/generate.mjs").status).toBe(0);
    expect(readdirSync(join(root, "packages/alpha/src/generated")).sort()).toEqual(["openapi.ts", "operations.ts"]);
    const fresh = node("tools/generate/check-stale.mjs");
    expect(fresh.status).toBe(0);
    expect(fresh.stdout).toContain("up to date for 1 vendors");

    addVendor(join(root, "specs"), "beta");
    const stale = node("tools/generate/check-stale.mjs");
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain("stale: packages/beta/src/generated/openapi.ts");
    expect(stale.stderr).not.toContain("packages/alpha/");
  });

  it("the mock package lists it, from the repository's specs/ before a build and from its shipped copy after", () => {
    addVendor(join(root, "specs"), "beta");
    expect(mockVendors()).toEqual(["alpha", "beta"]);

    expect(node("packages/mock/scripts/copy-specs.mjs").status).toBe(0);
    expect(readFileSync(join(root, "packages/mock/specs/beta/openapi.yaml"), "utf8")).toBe(contract("beta"));
    // The shipped copy wins: a vendor added to the repository after the build is not in the package.
    addVendor(join(root, "specs"), "gamma");
    expect(mockVendors()).toEqual(["alpha", "beta"]);
  });

  it("the mock package rejects a vendor it does not ship, naming the ones it does", () => {
    const script = `import("./packages/mock/dist/index.js").then((m) => m.specPath("omega")).catch((e) => console.log(e.name + ": " + e.message))`;
    const known = mockVendors();
    expect(known.length).toBeGreaterThan(0);
    expect(node("--input-type=module", "-e", script).stdout.trim()).toBe(`TypeError: unknown vendor "omega"; expected one of ${known.join(", ")}`);
  });
});

describe.each(vendors)("packages/%s", (vendor) => {
  const read = (file: string) => JSON.parse(readFileSync(join(repoRoot, "packages", vendor, file), "utf8"));

  it("generates from its own contract, and turbo reruns that when the contract changes", () => {
    expect(read("package.json").scripts.generate).toBe(`crmkit-generate ${vendor}`);
    expect(read("turbo.json").tasks.generate.inputs).toEqual(["$TURBO_EXTENDS$", `$TURBO_ROOT$/specs/${vendor}/openapi.yaml`]);
  });

  it("declares its client factory for the tools, which it really exports", async () => {
    const declared = vendorPackage(vendor)?.crmkit;
    expect(declared?.client).toMatch(/^create\w+Client$/);
    const built = join(repoRoot, "packages", vendor, "dist/index.js");
    if (!existsSync(built)) throw new Error(`packages/${vendor} is not built: run \`pnpm build\` first`);
    const module = await import(built);
    expect(typeof module[declared!.client!]).toBe("function");
    expect(() => module[declared!.client!](declared!.sampleOptions)).not.toThrow();
  });
});
