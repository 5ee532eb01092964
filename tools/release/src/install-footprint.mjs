// @ts-check
// What `npm install crmkit` costs a consumer: npm installs the packed tarball (and the @crmkit tarballs it depends on)
// into an empty project; every package that lands in node_modules is counted and weighed.
import { existsSync, lstatSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { npmInstall } from "./npm.mjs";

/** The facade must stay light: a library, not a toolchain. 1 MB = 1,000,000 B (file sizes, not disk blocks). */
export const installBudget = { packages: 10, bytes: 2_000_000 };

/** Packages that must never reach a consumer's install: @scarf/scarf reports installs to a third party (Prism pulls it in). */
export const forbiddenPackages = ["@scarf/scarf"];

/** @typedef {{ name: string, version: string, path: string, bytes: number }} InstalledPackage */
/** @typedef {{ packages: InstalledPackage[], bytes: number }} InstallFootprint */

/**
 * `name` and the workspace packages it depends on, transitively (runtime `dependencies` only: what npm installs).
 * @param {string} name @param {import("./workspace.mjs").WorkspacePackage[]} packages
 * @returns {import("./workspace.mjs").WorkspacePackage[]}
 */
export function workspaceClosure(name, packages) {
  const byName = new Map(packages.map((p) => [p.name, p]));
  const seen = new Map();
  const visit = (/** @type {string} */ current) => {
    const pkg = byName.get(current);
    if (!pkg || seen.has(current)) return;
    seen.set(current, pkg);
    for (const dependency of Object.keys(pkg.manifest.dependencies ?? {})) visit(dependency);
  };
  visit(name);
  if (!seen.has(name)) throw new Error(`${name} is not a publishable workspace package`);
  return [...seen.values()];
}

/**
 * Every package installed under `nodeModules`, nested ones included: a folder `node_modules/<name>` or
 * `node_modules/@scope/<name>` with a package.json. package.json files deeper inside a package (e.g. `dist/esm/package.json`
 * setting `"type"`) are part of that package, not packages. A package's bytes are its files' sizes, without its own
 * nested node_modules (those packages are counted on their own).
 * @param {string} nodeModules @returns {InstallFootprint}
 */
export function installedPackages(nodeModules) {
  /** @type {InstalledPackage[]} */
  const found = [];
  const visitNodeModules = (/** @type {string} */ dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue; // .bin, .package-lock.json
      const path = join(dir, entry.name);
      if (entry.name.startsWith("@") && entry.isDirectory()) {
        for (const scoped of readdirSync(path, { withFileTypes: true })) if (scoped.isDirectory()) visitPackage(join(path, scoped.name));
      } else if (entry.isDirectory()) {
        visitPackage(path);
      }
    }
  };
  const visitPackage = (/** @type {string} */ dir) => {
    const manifestPath = join(dir, "package.json");
    if (!existsSync(manifestPath)) return;
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
    found.push({ name: manifest.name, version: manifest.version, path: dir, bytes: folderBytes(dir) });
    visitNodeModules(join(dir, "node_modules"));
  };
  visitNodeModules(nodeModules);
  found.sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name));
  return { packages: found, bytes: found.reduce((sum, p) => sum + p.bytes, 0) };
}

/** @param {string} dir */
function folderBytes(dir) {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules") bytes += folderBytes(path);
    } else {
      bytes += lstatSync(path).size;
    }
  }
  return bytes;
}

/**
 * npm-installs `name`'s tarball into `workDir` (an empty folder), with `overrides` pinning every @crmkit name to its
 * local tarball so npm never asks the registry for one; everything else comes from the registry as a consumer gets it.
 * Install scripts are off (@scarf/scarf's would report the install).
 * @param {{ name: string, packed: { pkg: import("./workspace.mjs").WorkspacePackage, tarball: string }[], workDir: string }} options
 * @returns {Promise<InstallFootprint>}
 */
export async function measureInstallFootprint({ name, packed, workDir }) {
  const closure = workspaceClosure(name, packed.map((p) => p.pkg));
  const tarballOf = (/** @type {string} */ pkgName) => {
    const entry = packed.find((p) => p.pkg.name === pkgName);
    if (!entry) throw new Error(`${pkgName} was not packed`);
    return `file:${entry.tarball}`;
  };
  const overrides = Object.fromEntries(closure.map((p) => [p.name, tarballOf(p.name)]));
  const manifest = { name: "crmkit-install-footprint", private: true, dependencies: { [name]: tarballOf(name) }, overrides };
  writeFileSync(join(workDir, "package.json"), JSON.stringify(manifest, null, 2));
  try {
    await npmInstall(workDir);
  } catch (error) {
    const e = /** @type {{ stdout?: string, stderr?: string, message?: string }} */ (error);
    throw new Error(`npm install ${name} failed\n${[e.stdout, e.stderr].filter(Boolean).join("\n") || e.message}`);
  }
  return installedPackages(join(workDir, "node_modules"));
}

/**
 * @param {string} name @param {InstallFootprint} footprint @param {typeof installBudget} [budget]
 * @returns {import("./package-checks.mjs").CheckOutcome}
 */
export function checkInstallFootprint(name, footprint, budget = installBudget) {
  const problems = [];
  const count = footprint.packages.length;
  if (count > budget.packages) problems.push(`npm install ${name} installs ${count} packages, over the limit of ${budget.packages}`);
  if (footprint.bytes > budget.bytes) problems.push(`npm install ${name} installs ${formatBytes(footprint.bytes)}, over the limit of ${formatBytes(budget.bytes)}`);
  for (const forbidden of forbiddenPackages) {
    if (footprint.packages.some((p) => p.name === forbidden)) problems.push(`npm install ${name} installs ${forbidden}`);
  }
  const heaviest = footprint.packages.slice(0, 5).map((p) => `${p.name}@${p.version} ${formatBytes(p.bytes)}`);
  const notes = [`${count} packages, ${formatBytes(footprint.bytes)} (limits: ${budget.packages} packages, ${formatBytes(budget.bytes)}); heaviest: ${heaviest.join(", ")}`];
  return { name: "install footprint", ok: problems.length === 0, problems, notes };
}

/** @param {number} bytes */
export const formatBytes = (bytes) => (bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(2)} MB` : `${(bytes / 1000).toFixed(1)} kB`);
