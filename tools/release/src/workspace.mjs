// @ts-check
// The publishable packages are whatever non-private packages live in packages/*: new ones are covered automatically.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { vendorsIn } from "../../specs/vendors.mjs";

/**
 * @typedef {object} WorkspacePackage
 * @property {string} name
 * @property {string} version
 * @property {string} dir       absolute
 * @property {string} relDir    repo-relative, e.g. "packages/onelink"
 * @property {any} manifest     the parsed package.json
 */

/** @param {string} root @returns {WorkspacePackage[]} */
export function publishablePackages(root) {
  const base = join(root, "packages");
  if (!existsSync(base)) return [];
  /** @type {WorkspacePackage[]} */
  const list = [];
  for (const entry of readdirSync(base, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const manifestPath = join(base, entry.name, "package.json");
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
    if (manifest.private) continue;
    list.push({ name: manifest.name, version: manifest.version, dir: join(base, entry.name), relDir: `packages/${entry.name}`, manifest });
  }
  return list.sort((a, b) => a.name.localeCompare(b.name));
}

/** Vendors with a contract in specs/<vendor>/openapi.yaml, by the one registry. @param {string} root */
export const specVendors = (root) => vendorsIn(join(root, "specs"));

/** The facade re-exports every vendor client. @param {WorkspacePackage[]} packages */
export const facadeOf = (packages) => packages.find((p) => p.name === "crmkit");

/** Packages that ship the contracts themselves (their `files` list "specs"), e.g. @crmkit/mock. @param {WorkspacePackage[]} packages */
export const specShippers = (packages) => packages.filter((p) => Array.isArray(p.manifest.files) && p.manifest.files.some((/** @type {string} */ f) => f.replace(/^\.\//, "").replace(/\/$/, "") === "specs"));
