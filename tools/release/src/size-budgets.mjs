// @ts-check
// Size budgets, measured by size-limit (esbuild bundle, minified, gzip) from the built ESM entry points, so each figure
// includes everything a bundler pulls in: @crmkit/core and openapi-fetch.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import sizeLimit from "size-limit";
import filePlugin from "@size-limit/file";
import esbuildPlugin from "@size-limit/esbuild";
import { facadeOf } from "./workspace.mjs";

// size-limit's units: 1 kB = 1,000 bytes.
// The product target is 5,120 B per vendor import (issue 14; stretch 4,096 B) and is NOT met: openapi-fetch alone is
// ~2.6 kB, which leaves ~2.5 kB for the whole runtime and the vendor's operation table, and the runtime is ~4.5 kB gzip
// (retries, budget, limiter, per-attempt deadlines, typed errors, redaction, error mapping, logging). Measured at the
// last change: 7,479–8,035 B (LeadConnector carries the largest operation table). This budget (under 1% above the
// largest) guards that figure against growth; BENCHMARKS.md reports the gap to the target.
export const vendorBudgetBytes = 8_100;
export const facadeOverheadBytes = 500;

/** @typedef {{ label: string, bytes: number, limit: number, ok: boolean, detail: string }} SizeResult */

/** The ESM file a bundler picks for `subpath` ("." or "./x"). @param {any} manifest @param {string} subpath */
export function esmEntry(manifest, subpath) {
  let target = manifest.exports?.[subpath];
  if (target === undefined && subpath === ".") target = manifest.exports ?? manifest.module ?? manifest.main;
  for (const condition of ["import", "module", "default"]) {
    if (target && typeof target === "object" && !Array.isArray(target) && condition in target) {
      target = target[condition];
      if (target && typeof target === "object" && "default" in target) target = target.default;
      break;
    }
  }
  return typeof target === "string" ? target : undefined;
}

/** min+gzip bytes of `import { names } from file`. @param {string} file @param {string[]} names */
export async function importCost(file, names) {
  const statement = names.length > 0 ? `{ ${names.join(", ")} }` : "*";
  const [result] = /** @type {{ size: number }[]} */ (
    await sizeLimit([filePlugin, esbuildPlugin], { checks: [{ files: [], import: { [file]: statement }, gzip: true }] })
  );
  if (!result) throw new Error(`size-limit measured nothing for ${file}`);
  return result.size;
}

/** What a consumer imports from a client package: its `create…Client` factories. @param {string} file */
async function clientFactories(file) {
  const module = await import(pathToFileURL(file).href);
  return Object.keys(module).filter((name) => /^create\w*Client$/.test(name)).sort();
}

/**
 * @param {import("./workspace.mjs").WorkspacePackage[]} packages @param {string[]} vendors
 * @returns {Promise<SizeResult[]>}
 */
export async function checkSizeBudgets(packages, vendors) {
  /** @type {SizeResult[]} */
  const results = [];
  /** @type {Map<string, number>} */
  const vendorBytes = new Map();
  for (const vendor of vendors) {
    const pkg = packages.find((p) => p.relDir === `packages/${vendor}`);
    if (!pkg) continue;
    const entry = esmEntry(pkg.manifest, ".");
    if (!entry) throw new Error(`${pkg.name}: no ESM entry point in package.json`);
    const file = join(pkg.dir, entry);
    const names = await clientFactories(file);
    const bytes = await importCost(file, names);
    vendorBytes.set(vendor, bytes);
    const statement = `import { ${names.join(", ")} } from "${pkg.name}"`;
    results.push({ label: statement, bytes, limit: vendorBudgetBytes, ok: bytes <= vendorBudgetBytes, detail: `${vendor} client with @crmkit/core and openapi-fetch` });
  }

  const facade = facadeOf(packages);
  if (facade) {
    for (const vendor of vendors) {
      const baseline = vendorBytes.get(vendor);
      const entry = esmEntry(facade.manifest, `./${vendor}`);
      if (baseline === undefined || !entry) continue;
      const file = join(facade.dir, entry);
      const names = await clientFactories(file);
      const bytes = await importCost(file, names);
      const limit = baseline + facadeOverheadBytes;
      results.push({
        label: `import { ${names.join(", ")} } from "${facade.name}/${vendor}"`,
        bytes,
        limit,
        ok: bytes <= limit,
        detail: `${bytes - baseline >= 0 ? "+" : ""}${bytes - baseline} B over the vendor package (allowed +${facadeOverheadBytes} B)`,
      });
    }
  }
  return results;
}
