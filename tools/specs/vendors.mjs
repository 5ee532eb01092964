// The one vendor registry: a vendor is a folder under specs/ that holds an openapi.yaml. Every tool reads the list from
// here, so adding a vendor means adding specs/<vendor>/ and packages/<vendor>/ and editing no list anywhere else.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const specsDir = join(repoRoot, "specs");

/** The folders of `dir` that hold an `openapi.yaml`, sorted; none when `dir` does not exist. */
export function vendorsIn(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, "openapi.yaml")))
    .map((entry) => entry.name)
    .sort();
}

/** This repository's vendors, read when the module loads. */
export const vendors = Object.freeze(vendorsIn(specsDir));

/**
 * What packages/<vendor>/package.json declares for the tools in its `crmkit` field (facts no spec holds, e.g. the
 * client factory's name), with the package name; undefined when the vendor has no package yet.
 */
export function vendorPackage(vendor, root = repoRoot) {
  const file = join(root, "packages", vendor, "package.json");
  if (!existsSync(file)) return undefined;
  const manifest = JSON.parse(readFileSync(file, "utf8"));
  return { name: manifest.name, crmkit: manifest.crmkit ?? {} };
}
