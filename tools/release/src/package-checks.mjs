// @ts-check
// Checks on the packed tarballs, i.e. on exactly what consumers download.
import { readFileSync } from "node:fs";
import { createPackageFromTarballData, checkPackage } from "@arethetypeswrong/core";
import { filterProblems, problemKindInfo } from "@arethetypeswrong/core/problems";
import { publint } from "publint";
import { formatMessage } from "publint/utils";

/** @typedef {{ name: string, ok: boolean, problems: string[], notes?: string[] }} CheckOutcome */

/** @param {string} tarballPath */
export function loadTarball(tarballPath) {
  const bytes = new Uint8Array(readFileSync(tarballPath));
  return { bytes, attwPackage: createPackageFromTarballData(bytes) };
}

/**
 * publint on the tarball; warnings count as failures (strict), suggestions are shown but pass.
 * @param {Uint8Array} bytes @returns {Promise<CheckOutcome>}
 */
export async function runPublint(bytes) {
  const tarball = /** @type {ArrayBuffer} */ (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const { messages, pkg } = await publint({ pack: { tarball }, strict: true, level: "suggestion" });
  /** @type {string[]} */
  const problems = [];
  /** @type {string[]} */
  const notes = [];
  for (const message of messages) {
    const text = `${message.type}: ${formatMessage(message, pkg, { color: false }) ?? message.code}`;
    (message.type === "suggestion" ? notes : problems).push(text);
  }
  return { name: "publint", ok: problems.length === 0, problems, notes };
}

// Consumers we promise to support: ESM and CJS under `node16`/`nodenext`, and bundlers. `node10` (moduleResolution
// "node") predates `exports` and cannot see subpath exports at all, so it is not judged.
const supportedResolutions = /** @type {const} */ (["node16-cjs", "node16-esm", "bundler"]);

/**
 * A package that is only a command (`bin`, no `exports`, `main`, `module` or `types`, e.g. @crmkit/cli): nothing to
 * import, so no types to judge and no entry point to load.
 * @param {any} manifest
 */
export const isCommandOnly = (manifest) => !!manifest.bin && !manifest.exports && !manifest.main && !manifest.module && !manifest.types;

/**
 * The commands a manifest installs, each with its file relative to the package root: `{ crmkit: "bin/crmkit.js" }`.
 * @param {any} manifest @returns {Record<string, string>}
 */
export function binsOf(manifest) {
  const bin = typeof manifest.bin === "string" ? { [String(manifest.name).replace(/^@[^/]+\//, "")]: manifest.bin } : (manifest.bin ?? {});
  return Object.fromEntries(Object.entries(bin).map(([name, target]) => [name, String(target).replace(/^\.\//, "")]));
}

/** Are the types wrong? (the engine behind `attw --pack`). @param {ReturnType<typeof loadTarball>["attwPackage"]} attwPackage @returns {Promise<CheckOutcome>} */
export async function runAttw(attwPackage) {
  const manifest = JSON.parse(attwPackage.readFile(`/node_modules/${attwPackage.packageName}/package.json`));
  if (isCommandOnly(manifest)) return { name: "attw", ok: true, problems: [], notes: ["a command only (bin, nothing to import): no types to check"] };
  const analysis = await checkPackage(attwPackage);
  if (!analysis.types) return { name: "attw", ok: false, problems: ["the package ships no types"] };
  const seen = new Set();
  const problems = [];
  for (const resolutionKind of supportedResolutions) {
    for (const problem of filterProblems(analysis, { resolutionKind })) {
      const key = JSON.stringify(problem);
      if (seen.has(key)) continue;
      seen.add(key);
      const info = problemKindInfo[problem.kind];
      const where = "entrypoint" in problem ? ` (${problem.entrypoint}, ${resolutionKind})` : ` (${resolutionKind})`;
      problems.push(`${info.emoji} ${info.title}${where}: ${info.shortDescription}`);
    }
  }
  const entrypoints = Object.keys(analysis.entrypoints);
  return { name: "attw", ok: problems.length === 0, problems, notes: [`entrypoints: ${entrypoints.join(", ")}`] };
}

/** Files in the tarball, relative to the package root. @param {ReturnType<typeof loadTarball>["attwPackage"]} attwPackage */
export function tarballFiles(attwPackage) {
  const prefix = `/node_modules/${attwPackage.packageName}/`;
  return attwPackage
    .listFiles()
    .map((f) => (f.startsWith(prefix) ? f.slice(prefix.length) : f))
    .sort();
}

/**
 * What a consumer needs and nothing else: package.json, dist/, README, LICENSE, CHANGELOG, the files its `bin` points at
 * (committed shims that load dist/, so the bins link before a workspace build), and the contracts for a package whose
 * `files` lists "specs" (the mock servers).
 * @param {string[]} files @param {any} manifest @returns {CheckOutcome}
 */
export function checkTarballContents(files, manifest) {
  const shipsSpecs = Array.isArray(manifest.files) && manifest.files.some((/** @type {string} */ f) => f.replace(/^\.\//, "").replace(/\/$/, "") === "specs");
  const bins = Object.values(binsOf(manifest));
  const allowed = (/** @type {string} */ file) =>
    file === "package.json" ||
    bins.includes(file) ||
    /^(README|LICENSE|LICENCE|CHANGELOG)(\.(md|txt))?$/i.test(file) ||
    file.startsWith("dist/") ||
    (shipsSpecs && /^specs\/[^/]+\/openapi\.yaml$/.test(file));
  const problems = files.filter((f) => !allowed(f)).map((f) => `unexpected file in tarball: ${f}`);
  if (!files.some((f) => /^LICEN[CS]E/i.test(f))) problems.push("no LICENSE file in tarball");
  if (!files.some((f) => f.startsWith("dist/"))) problems.push("no dist/ in tarball (was the package built?)");
  for (const bin of bins) if (!files.includes(bin)) problems.push(`bin ${bin} is not in the tarball`);
  if (shipsSpecs && !files.some((f) => f.startsWith("specs/"))) problems.push("`files` lists specs/ but the tarball has none");
  if (files.some((f) => /\.map$/.test(f) && !files.includes(f.replace(/\.map$/, "")))) problems.push("source map without its file");
  const notes = [`${files.length} files: ${files.join(", ")}`];
  if (!files.some((f) => /^README/i.test(f))) notes.push("no README: the npm page of this package will be empty");
  return { name: "tarball", ok: problems.length === 0, problems, notes };
}
