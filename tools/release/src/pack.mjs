// @ts-check
// Packs packages exactly as they would be published: `pnpm pack` rewrites `workspace:` ranges to real versions.
import { execFile } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * @param {import("./workspace.mjs").WorkspacePackage[]} packages
 * @param {string} destination  a folder for the tarballs (one subfolder per package)
 * @returns {Promise<{ pkg: import("./workspace.mjs").WorkspacePackage, tarball: string }[]>}
 */
export async function packAll(packages, destination) {
  const results = [];
  // Two at a time: CI has two cores and pnpm pack is mostly process start-up.
  for (let i = 0; i < packages.length; i += 2) {
    const batch = packages.slice(i, i + 2);
    results.push(...(await Promise.all(batch.map((pkg) => packOne(pkg, destination)))));
  }
  return results;
}

/** @param {import("./workspace.mjs").WorkspacePackage} pkg @param {string} destination */
async function packOne(pkg, destination) {
  // One folder per package, so parallel packs never see each other's tarballs.
  const folder = join(destination, pkg.name.replace(/^@/, "").replace("/", "__"));
  mkdirSync(folder, { recursive: true });
  try {
    await run("pnpm", ["pack", "--pack-destination", folder], { cwd: pkg.dir, env: { ...process.env, npm_config_update_notifier: "false" } });
  } catch (error) {
    const detail = /** @type {{ stderr?: string }} */ (error).stderr ?? String(error);
    throw new Error(`pnpm pack failed for ${pkg.name}: ${detail.trim()}`);
  }
  const tarball = readdirSync(folder).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error(`pnpm pack wrote no tarball for ${pkg.name}`);
  return { pkg, tarball: join(folder, tarball) };
}
