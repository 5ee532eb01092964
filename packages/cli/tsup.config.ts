import { defineConfig } from "tsup";

// Only ever run by node directly (through bin/crmkit.js): one ESM file, its dependencies left as imports.
export default defineConfig({ entry: ["src/cli.ts"], format: ["esm"], clean: true, target: "es2022" });
