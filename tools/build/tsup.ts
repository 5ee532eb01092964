// The one build config of every library package. Entry points come from the package's package.json `exports`, so
// adding a subpath ("./scheduling" → src/scheduling.ts) is a package.json edit and a source file, nothing else.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Options } from "tsup";

/** One entry per subpath of `exports`: "." builds src/index.ts to dist/index.*, "./x" src/x.ts to dist/x.*. */
export function entriesFromExports(packageDir: string): Record<string, string> {
  const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
  const subpaths = Object.keys(manifest.exports ?? { ".": "" }).filter((subpath) => !subpath.endsWith(".json"));
  const entries: Record<string, string> = {};
  for (const subpath of subpaths) {
    if (subpath.includes("*")) throw new Error(`${manifest.name}: exports "${subpath}" is a pattern; list each subpath so each gets an entry`);
    const name = subpath === "." ? "index" : subpath.replace(/^\.\//, "");
    const source = `src/${name}.ts`;
    if (!existsSync(join(packageDir, source))) throw new Error(`${manifest.name}: package.json exports "${subpath}", but ${source} does not exist`);
    entries[name] = source;
  }
  return entries;
}

/** The library build of a package (by default the one in the working directory, where pnpm runs `tsup`). */
export function libraryConfig(overrides: Options = {}, packageDir = process.cwd()): Options {
  return {
    entry: entriesFromExports(packageDir),
    format: ["esm", "cjs"],
    dts: true,
    clean: true,
    target: "es2022",
    treeshake: true,
    // No shared chunks between entries: an entry that re-exports a chunk needing another chunk gets a bare
    // `import "./chunk.js"`, which every esbuild-based bundler (Vite included) warns about under `sideEffects: false`.
    // The few helpers several entries need are inlined in each.
    splitting: false,
    // Syntax-only minification (names, comments and line breaks stay readable): above all it inlines module constants
    // (`BACKOFF_MAX_MS`, defaults, hash primes), which a consumer's minifier cannot do once they are `var`s in dist.
    // About 50 B of gzip off every vendor import.
    minifySyntax: true,
    ...overrides,
  };
}
