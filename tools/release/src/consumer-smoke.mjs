// @ts-check
// The consumer smoke test: install the packed tarballs with npm (not pnpm) into an empty project, type-check a strict
// TypeScript consumer under `node16` and `bundler` resolution, run it (ESM and CJS) against the mock servers of the
// installed @crmkit/mock, and run every installed command's `--help`.
import { execFile } from "node:child_process";
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { npmInstall, quietEnv } from "./npm.mjs";
import { binsOf, isCommandOnly } from "./package-checks.mjs";

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const template = fileURLToPath(new URL("../consumer/", import.meta.url));


/**
 * @param {{ root: string, packed: { pkg: import("./workspace.mjs").WorkspacePackage, tarball: string }[], workDir: string, log?: (line: string) => void }} options
 * @returns {Promise<{ timings: Record<string, number>, output: string }>}
 */
export async function runConsumerSmoke({ root, packed, workDir, log = () => {} }) {
  /** @type {Record<string, number>} */
  const timings = {};
  /** @type {string[]} */
  const outputs = [];
  /** @param {string} step @param {() => Promise<{ stdout: string, stderr: string }>} action */
  const timed = async (step, action) => {
    const started = Date.now();
    try {
      const { stdout, stderr } = await action();
      outputs.push(`$ ${step}\n${stdout}${stderr}`);
    } catch (error) {
      const e = /** @type {{ stdout?: string, stderr?: string, message?: string }} */ (error);
      throw new Error(`consumer smoke test: ${step} failed\n${[e.stdout, e.stderr].filter(Boolean).join("\n") || e.message}`);
    } finally {
      timings[step] = Date.now() - started;
      log(`  ${step}: ${(timings[step] / 1000).toFixed(1)} s`);
    }
  };

  cpSync(template, workDir, { recursive: true });
  /** @type {Record<string, string>} */
  const dependencies = {};
  for (const { pkg, tarball } of packed) dependencies[pkg.name] = `file:${tarball}`;
  dependencies["@types/node"] = installedVersion(root, "@types/node");
  // Overrides pin our packages' own dependencies on each other to the local tarballs, so npm never asks the
  // registry for a @crmkit/* name.
  /** @type {Record<string, string>} */
  const overrides = {};
  for (const { pkg, tarball } of packed) overrides[pkg.name] = `file:${tarball}`;
  writeFileSync(join(workDir, "package.json"), JSON.stringify({ name: "crmkit-consumer-smoke", private: true, type: "module", dependencies, overrides }, null, 2));
  writeEntrypointImports(workDir, packed.map(({ pkg }) => pkg));

  await timed("npm install", () => npmInstall(workDir),
  );

  const tsc = require.resolve("typescript/bin/tsc");
  await timed("tsc (node16, emits)", () => run(process.execPath, [tsc, "-p", "tsconfig.node16.json"], { cwd: workDir, env: quietEnv }));
  await timed("tsc (bundler)", () => run(process.execPath, [tsc, "-p", "tsconfig.bundler.json"], { cwd: workDir, env: quietEnv }));
  const node = (/** @type {string} */ file) => () => run(process.execPath, [file], { cwd: workDir, env: quietEnv, timeout: 120_000 });
  await timed("node out/entrypoints.mjs", node("out/entrypoints.mjs"));
  await timed("node out/entrypoints.cjs", node("out/entrypoints.cjs"));
  await timed("node out/esm.mjs", node("out/esm.mjs"));
  await timed("node out/cjs.cjs", node("out/cjs.cjs"));
  // Every command the packages install, as npm linked it into node_modules/.bin.
  for (const { pkg } of packed) {
    for (const bin of Object.keys(binsOf(pkg.manifest))) {
      await timed(`${bin} --help`, () => run(join(workDir, "node_modules", ".bin", bin), ["--help"], { cwd: workDir, env: quietEnv, timeout: 60_000 }));
    }
  }
  return { timings, output: outputs.join("\n") };
}

/** @param {string} root @param {string} name */
function installedVersion(root, name) {
  const manifest = join(root, "node_modules", name, "package.json");
  if (!existsSync(manifest)) throw new Error(`${name} is not installed at the workspace root`);
  return JSON.parse(readFileSync(manifest, "utf8")).version;
}

/**
 * Every entry point of every package, imported from ESM and required from CJS: packages added later (the facade,
 * new vendors) are type-checked and loaded without touching this test.
 * @param {string} workDir @param {import("./workspace.mjs").WorkspacePackage[]} packages
 */
function writeEntrypointImports(workDir, packages) {
  const specifiers = [];
  for (const pkg of packages.filter((p) => !isCommandOnly(p.manifest))) {
    const exportsField = pkg.manifest.exports;
    const subpaths = exportsField && typeof exportsField === "object" && Object.keys(exportsField).some((k) => k.startsWith(".")) ? Object.keys(exportsField) : ["."];
    for (const subpath of subpaths) {
      if (subpath.includes("*") || subpath.endsWith(".json")) continue;
      specifiers.push(subpath === "." ? pkg.name : `${pkg.name}/${subpath.replace(/^\.\//, "")}`);
    }
  }
  const check = (/** @type {string} */ variable, /** @type {string} */ specifier) =>
    `if (Object.keys(${variable}).length === 0) throw new Error(${JSON.stringify(`${specifier} exports nothing`)});`;
  const esm = specifiers.map((s, i) => `import * as entry${i} from ${JSON.stringify(s)};`);
  const cjs = specifiers.map((s, i) => `import entry${i} = require(${JSON.stringify(s)});`);
  const checks = specifiers.map((s, i) => check(`entry${i}`, s));
  const done = `console.log(${JSON.stringify(`loaded ${specifiers.length} entry points: ${specifiers.join(", ")}`)});`;
  writeFileSync(join(workDir, "src", "entrypoints.mts"), [...esm, ...checks, done, "export {};", ""].join("\n"));
  writeFileSync(join(workDir, "src", "entrypoints.cts"), [...cjs, ...checks, done, ""].join("\n"));
}
