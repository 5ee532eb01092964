// What every publishable package's tarball holds, packed exactly as it would be published. Needs `pnpm build` first
// (`pnpm test` builds before it runs the tests).
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Package } from "@arethetypeswrong/core";
import { packAll } from "../src/pack.mjs";
import { checkTarballContents, loadTarball, runAttw, runPublint, tarballFiles } from "../src/package-checks.mjs";
import { esmEntry } from "../src/size-budgets.mjs";
import { publishablePackages, specVendors } from "../src/workspace.mjs";

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
    expect(packages.map((p) => p.name)).toEqual(expect.arrayContaining(["@crmkit/core", "@crmkit/mock", ...vendors.map((v) => `@crmkit/${v}`)]));
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
    const targets = JSON.stringify(pkg.manifest.exports).match(/:"\.\/[^"]+"/g) ?? [];
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
});

describe("esmEntry", () => {
  it("picks the ESM file a bundler would load", () => {
    const manifest = { exports: { ".": { import: { types: "./dist/index.d.ts", default: "./dist/index.js" }, require: "./dist/index.cjs" }, "./leadconnector": { import: "./dist/lc.js" } } };
    expect(esmEntry(manifest, ".")).toBe("./dist/index.js");
    expect(esmEntry(manifest, "./leadconnector")).toBe("./dist/lc.js");
    expect(esmEntry(manifest, "./missing")).toBeUndefined();
  });
});
