import { defineConfig } from "tsup";

export default defineConfig([
  { entry: ["src/index.ts", "src/webhooks.ts"], format: ["esm", "cjs"], dts: true, clean: true, target: "es2022", shims: true },
  // The CLI and the Prism runner are only ever run by node directly.
  { entry: ["src/cli.ts", "src/prism-runner.ts"], format: ["esm"], target: "es2022", shims: true },
]);
