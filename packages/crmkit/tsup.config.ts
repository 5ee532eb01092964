import { defineConfig } from "tsup";

export default defineConfig([
  {
    // One entry per vendor subpath, so a bundler that imports one vendor never reaches the others. No shared chunks:
    // an entry that re-exports a chunk needing another chunk gets a bare `import "./chunk.js"`, which every esbuild-based
    // bundler (Vite included) warns about under `sideEffects: false`. The few helpers every entry needs are inlined.
    entry: ["src/index.ts", "src/leadconnector.ts", "src/leadsquared.ts", "src/onelink.ts", "src/pexip-engage.ts"],
    format: ["esm", "cjs"],
    splitting: false,
    dts: true,
    clean: true,
    target: "es2022",
    treeshake: true,
  },
]);
