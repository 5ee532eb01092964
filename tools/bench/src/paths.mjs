import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** tools/bench */
export const benchDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** The repository root. */
export const repoRoot = resolve(benchDir, "../..");
/** Where a full run keeps its JSON next to BENCHMARKS.md's figures. */
export const resultsFile = join(benchDir, "results", "latest.json");
export const benchmarksFile = join(repoRoot, "BENCHMARKS.md");
/** Scratch space (git-ignored): quick-mode output, type-check workspaces. */
export const scratchDir = join(benchDir, ".out");

/**
 * Where a run writes. Only a full run of every scenario rewrites BENCHMARKS.md and results/latest.json; quick runs and
 * partial runs (`--only`) write their JSON to the scratch directory (or `--out`) and leave the published figures alone.
 */
export function outputPaths({ quick, partial, outDir }) {
  if (quick || partial) {
    const dir = outDir ?? scratchDir;
    return { json: join(dir, quick ? "quick.json" : "partial.json"), markdown: join(dir, quick ? "quick.md" : "partial.md"), publishes: false };
  }
  return { json: outDir ? join(outDir, "latest.json") : resultsFile, markdown: benchmarksFile, publishes: true };
}
