// The install-footprint figures on a hand-made node_modules, and which tarballs a package needs.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkInstallFootprint, installedPackages, workspaceClosure } from "../src/install-footprint.mjs";

const scratch = mkdtempSync(join(tmpdir(), "crmkit-footprint-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function tree(name: string, files: Record<string, string>): string {
  const root = join(scratch, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return join(root, "node_modules");
}

const manifest = (name: string, version = "1.0.0") => JSON.stringify({ name, version });

describe("installedPackages", () => {
  it("counts plain, scoped and nested packages, not package.json files inside a package, and weighs each without its nested node_modules", () => {
    const nodeModules = tree("counted", {
      "node_modules/.package-lock.json": "{}".repeat(100),
      "node_modules/.bin/x": "#!/bin/sh\n",
      "node_modules/plain/package.json": manifest("plain"),
      "node_modules/plain/index.js": "x".repeat(1000),
      "node_modules/plain/dist/esm/package.json": '{"type":"module"}', // part of plain, not a package
      "node_modules/plain/node_modules/nested/package.json": manifest("nested", "2.0.0"),
      "node_modules/plain/node_modules/nested/index.js": "y".repeat(500),
      "node_modules/@scope/one/package.json": manifest("@scope/one"),
      "node_modules/@scope/one/lib/a.js": "z".repeat(200),
      "node_modules/not-a-package/readme.txt": "stray folder without a package.json",
    });
    const footprint = installedPackages(nodeModules);
    expect(footprint.packages.map((p) => `${p.name}@${p.version}`).sort()).toEqual(["@scope/one@1.0.0", "nested@2.0.0", "plain@1.0.0"]);
    const bytes = (name: string) => footprint.packages.find((p) => p.name === name)!.bytes;
    expect(bytes("plain")).toBe(manifest("plain").length + 1000 + '{"type":"module"}'.length);
    expect(bytes("nested")).toBe(manifest("nested", "2.0.0").length + 500);
    expect(footprint.bytes).toBe(bytes("plain") + bytes("nested") + bytes("@scope/one"));
  });

  it("finds nothing in a missing node_modules", () => {
    expect(installedPackages(join(scratch, "nowhere", "node_modules"))).toEqual({ packages: [], bytes: 0 });
  });
});

describe("checkInstallFootprint", () => {
  const pkg = (name: string, bytes: number) => ({ name, version: "1.0.0", path: `/x/${name}`, bytes });
  it("passes within the limits and reports the figures", () => {
    const outcome = checkInstallFootprint("lib", { packages: [pkg("lib", 600), pkg("dep", 400)], bytes: 1000 }, { packages: 2, bytes: 1000 });
    expect(outcome.problems).toEqual([]);
    expect(outcome.notes?.[0]).toMatch(/^2 packages, 1\.0 kB \(limits: 2 packages, 1\.0 kB\); heaviest: lib@1\.0\.0 0\.6 kB/);
  });

  it("fails over either limit, and on @scarf/scarf whatever the figures", () => {
    const outcome = checkInstallFootprint("lib", { packages: [pkg("lib", 900), pkg("@scarf/scarf", 200), pkg("dep", 100)], bytes: 1200 }, { packages: 2, bytes: 1000 });
    expect(outcome.problems).toEqual([
      "npm install lib installs 3 packages, over the limit of 2",
      "npm install lib installs 1.2 kB, over the limit of 1.0 kB",
      "npm install lib installs @scarf/scarf",
    ]);
  });
});

describe("workspaceClosure", () => {
  const ws = (name: string, dependencies: Record<string, string> = {}, devDependencies: Record<string, string> = {}) => ({
    name,
    version: "1.0.0",
    dir: `/ws/${name}`,
    relDir: `packages/${name}`,
    manifest: { name, dependencies, devDependencies },
  });
  const packages = [ws("app", { lib: "^1", "left-pad": "1" }, { tool: "*" }), ws("lib", { core: "^1" }), ws("core"), ws("tool")];

  it("is the package and the workspace packages it needs at runtime, transitively", () => {
    expect(workspaceClosure("app", packages).map((p) => p.name)).toEqual(["app", "lib", "core"]);
  });

  it("refuses a name that is not a workspace package", () => {
    expect(() => workspaceClosure("left-pad", packages)).toThrow(/left-pad is not a publishable workspace package/);
  });
});
