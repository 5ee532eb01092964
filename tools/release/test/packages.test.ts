// What every publishable package's tarball holds, packed exactly as it would be published. Needs `pnpm build` first
// (`pnpm test` builds before it runs the tests).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Package } from "@arethetypeswrong/core";
import { packAll } from "../src/pack.mjs";
import { checkInstallFootprint, installBudget, measureInstallFootprint } from "../src/install-footprint.mjs";
import { checkTarballContents, loadTarball, runAttw, runPublint, tarballFiles } from "../src/package-checks.mjs";
import { esmEntry } from "../src/size-budgets.mjs";
import { facadeOf, publishablePackages, specVendors } from "../src/workspace.mjs";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const packages = publishablePackages(root);
const vendors = specVendors(root);
let scratch: string;
let packed: Awaited<ReturnType<typeof packAll>>;

beforeAll(async () => {
  const unbuilt = packages.filter((p) => !existsSync(join(p.dir, "dist")));
  if (unbuilt.length > 0) throw new Error(`run \`pnpm build\` first; not built: ${unbuilt.map((p) => p.name).join(", ")}`);
  scratch = mkdtempSync(join(tmpdir(), "crmkit-packages-test-"));
  packed = await packAll(packages, scratch);
}, 120_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("publishable packages", () => {
  it("are every non-private package under packages/", () => {
    expect(packages.map((p) => p.relDir).every((d) => d.startsWith("packages/"))).toBe(true);
    expect(packages.map((p) => p.name)).toEqual(expect.arrayContaining(["@crmkit/cli", "@crmkit/core", "@crmkit/mock", "crmkit", ...vendors.map((v) => `@crmkit/${v}`)]));
    expect(packages.some((p) => p.manifest.private)).toBe(false);
  });
});

describe.each(packages.map((p) => [p.name, p] as const))("tarball of %s", (name, pkg) => {
  const files = () => {
    const entry = packed.find((p) => p.pkg.name === name);
    if (!entry) throw new Error(`${name} was not packed`);
    return tarballFiles(loadTarball(entry.tarball).attwPackage);
  };

  it("holds only what consumers need: dist, README, LICENSE, CHANGELOG (and the specs for the mock servers)", () => {
    const list = files();
    const outcome = checkTarballContents(list, pkg.manifest);
    expect(outcome.problems).toEqual([]);
    expect(list).toContain("package.json");
    expect(list).toContain("LICENSE");
    expect(list.filter((f) => /(^|\/)(src|test|tests)\/|tsconfig|tsup\.config|vitest|\.test\./.test(f))).toEqual([]);
  });

  it("ships every file its exports map points at", () => {
    const list = files();
    // Only the map's values are files; its keys ("./leadconnector") are subpaths.
    const targets = JSON.stringify(pkg.manifest.exports ?? {}).match(/:"\.\/[^"]+"/g) ?? [];
    for (const target of targets.map((t) => t.slice(4, -1)).filter((t) => t !== "package.json")) expect(list).toContain(target);
  });

  it("passes publint and attw (node16 ESM and CJS, bundler)", async () => {
    const entry = packed.find((p) => p.pkg.name === name)!;
    const { bytes, attwPackage } = loadTarball(entry.tarball);
    expect((await runPublint(bytes)).problems).toEqual([]);
    expect((await runAttw(attwPackage)).problems).toEqual([]);
  });
});

describe("the mock package", () => {
  it("ships every vendor contract", () => {
    const mock = packed.find((p) => p.pkg.name === "@crmkit/mock");
    expect(mock).toBeDefined();
    const list = tarballFiles(loadTarball(mock!.tarball).attwPackage);
    for (const vendor of vendors) expect(list).toContain(`specs/${vendor}/openapi.yaml`);
  });
});

describe("the crmkit library", () => {
  it("has no command and none of the CLI's dependencies: the command is @crmkit/cli", () => {
    const facade = facadeOf(packages)!;
    expect(facade.manifest.bin).toBeUndefined();
    for (const cliOnly of ["@crmkit/mock", "cli-progress", "csv-parse", "csv-stringify"]) expect(facade.manifest.dependencies).not.toHaveProperty(cliOnly);
    const cli = packages.find((p) => p.name === "@crmkit/cli")!;
    expect(cli.manifest.bin).toEqual({ crmkit: "./bin/crmkit.js" });
    expect(cli.manifest.dependencies).toMatchObject({ crmkit: expect.any(String), "@crmkit/mock": expect.any(String) });
  });

  it(`installs light with npm: at most ${installBudget.packages} packages and ${installBudget.bytes / 1e6} MB, no @scarf/scarf`, async () => {
    const workDir = join(scratch, "footprint");
    mkdirSync(workDir);
    const footprint = await measureInstallFootprint({ name: "crmkit", packed, workDir });
    const outcome = checkInstallFootprint("crmkit", footprint);
    expect(outcome.problems, outcome.notes?.join("\n")).toEqual([]);
    // what it installs: the library, the runtime, the vendor clients it depends on (a vendor `pnpm new-vendor` just
    // added is not in the facade yet) and openapi-fetch with its helper types
    const facadeVendors = vendors.map((v) => `@crmkit/${v}`).filter((name) => name in (facadeOf(packages)?.manifest.dependencies ?? {}));
    expect(facadeVendors.length).toBeGreaterThan(0);
    expect(footprint.packages.map((p) => p.name)).toEqual(expect.arrayContaining(["crmkit", "@crmkit/core", ...facadeVendors, "openapi-fetch"]));
  }, 120_000);
});

describe("checkTarballContents", () => {
  const manifest = { name: "x", files: ["dist"] };
  it("rejects sources, tests, configs and stray files", () => {
    const outcome = checkTarballContents(["LICENSE", "package.json", "dist/index.js", "src/index.ts", "test/a.test.ts", ".env", "tsconfig.json"], manifest);
    expect(outcome.ok).toBe(false);
    expect(outcome.problems).toEqual([
      "unexpected file in tarball: src/index.ts",
      "unexpected file in tarball: test/a.test.ts",
      "unexpected file in tarball: .env",
      "unexpected file in tarball: tsconfig.json",
    ]);
  });

  it("requires a LICENSE and dist/", () => {
    expect(checkTarballContents(["package.json", "README.md"], manifest).problems).toEqual([
      "no LICENSE file in tarball",
      "no dist/ in tarball (was the package built?)",
    ]);
  });

  it("allows the files a bin points at, and requires them", () => {
    const cli = { name: "@x/cli", files: ["bin", "dist"], bin: { x: "./bin/x.js" } };
    expect(checkTarballContents(["LICENSE", "package.json", "dist/cli.js", "bin/x.js"], cli).problems).toEqual([]);
    expect(checkTarballContents(["LICENSE", "package.json", "dist/cli.js", "bin/x.js", "bin/other.js"], cli).problems).toEqual(["unexpected file in tarball: bin/other.js"]);
    expect(checkTarballContents(["LICENSE", "package.json", "dist/cli.js"], cli).problems).toEqual(["bin bin/x.js is not in the tarball"]);
  });

  it("allows specs only for a package whose files list them", () => {
    const list = ["LICENSE", "package.json", "dist/index.js", "specs/acme/openapi.yaml"];
    expect(checkTarballContents(list, manifest).ok).toBe(false);
    expect(checkTarballContents(list, { name: "m", files: ["dist", "specs"] }).ok).toBe(true);
  });
});

describe("runAttw", () => {
  it("reports types that resolve to the wrong module format", async () => {
    // ESM JavaScript typed by a .d.cts file: TypeScript would let CJS consumers require() it.
    const pkg = new Package(
      {
        "/node_modules/broken/package.json": JSON.stringify({ name: "broken", version: "1.0.0", type: "module", exports: { ".": { types: "./index.d.cts", default: "./index.js" } } }),
        "/node_modules/broken/index.js": "export const a = 1;\n",
        "/node_modules/broken/index.d.cts": "export declare const a: number;\n",
      },
      "broken",
      "1.0.0",
    );
    const outcome = await runAttw(pkg);
    expect(outcome.ok).toBe(false);
    expect(outcome.problems.join("\n")).toMatch(/Types are CJS, but implementation is ESM \(node16-cjs\)/);
  });

  it("passes a command-only package (bin, nothing to import) and fails a library without types", async () => {
    const files = (manifest: object) => ({
      "/node_modules/x/package.json": JSON.stringify({ name: "x", version: "1.0.0", type: "module", ...manifest }),
      "/node_modules/x/bin/x.js": "#!/usr/bin/env node\nimport '../dist/cli.js';\n",
      "/node_modules/x/dist/cli.js": "console.log(1);\n",
    });
    expect((await runAttw(new Package(files({ bin: { x: "./bin/x.js" } }), "x", "1.0.0"))).ok).toBe(true);
    const library = await runAttw(new Package(files({ bin: { x: "./bin/x.js" }, exports: "./dist/cli.js" }), "x", "1.0.0"));
    expect(library.problems).toEqual(["the package ships no types"]);
  });
});

describe("esmEntry", () => {
  it("picks the ESM file a bundler would load", () => {
    const manifest = { exports: { ".": { import: { types: "./dist/index.d.ts", default: "./dist/index.js" }, require: "./dist/index.cjs" }, "./leadconnector": { import: "./dist/lc.js" } } };
    expect(esmEntry(manifest, ".")).toBe("./dist/index.js");
    expect(esmEntry(manifest, "./leadconnector")).toBe("./dist/lc.js");
    expect(esmEntry(manifest, "./missing")).toBeUndefined();
  });
});
