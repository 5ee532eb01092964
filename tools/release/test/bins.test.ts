// The commands the packages install work in this repository right after `pnpm install && pnpm build`: each bin is a
// committed shim (so pnpm can link it before dist/ exists) that loads the build, and the root links every one of them.
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { git } from "../src/git.mjs";
import { binsOf } from "../src/package-checks.mjs";
import { publishablePackages } from "../src/workspace.mjs";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const commands = publishablePackages(root).flatMap((pkg) => Object.entries(binsOf(pkg.manifest)).map(([name, file]) => ({ pkg, name, file })));

it("the workspace installs the crmkit and crmkit-mock commands", () => {
  expect(commands.map((c) => `${c.pkg.name}: ${c.name}`).sort()).toEqual(expect.arrayContaining(["@crmkit/cli: crmkit", "@crmkit/mock: crmkit-mock"]));
});

describe.each(commands.map((c) => [`${c.name} (${c.pkg.name})`, c] as const))("%s", (_, { pkg, name, file }) => {
  it("is a committed, executable shim that only imports the build", () => {
    const [mode] = git(pkg.dir, ["ls-files", "--stage", "--", file]).trim().split(" ");
    expect(mode, `${pkg.relDir}/${file} is not committed`).toBe("100755");
    const text = readFileSync(join(pkg.dir, file), "utf8");
    expect(text.startsWith("#!/usr/bin/env node\n")).toBe(true);
    const imports = [...text.matchAll(/^import\s+"([^"]+)";$/gm)].map((m) => m[1]!);
    expect(imports).toHaveLength(1);
    expect(imports[0]).toMatch(/^\.\.\/dist\//);
    const target = resolve(dirname(join(pkg.dir, file)), imports[0]!);
    expect(existsSync(target), `${target} is missing: run \`pnpm build\` first`).toBe(true);
    expect(pkg.manifest.files).toEqual(expect.arrayContaining([file.split("/")[0], "dist"]));
  });

  it("runs from the repository root (a root devDependency, linked into node_modules/.bin)", async () => {
    expect(rootManifest.devDependencies[pkg.name]).toBe("workspace:*");
    const { stdout } = await promisify(execFile)(join(root, "node_modules", ".bin", name), ["--help"], { cwd: root, timeout: 30_000 });
    expect(stdout).toMatch(new RegExp(`^usage: ${name} `));
  });
});
