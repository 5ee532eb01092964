import { libraryConfig } from "../../tools/build/tsup.js";

export default [
  // shims: `import.meta.url` (where the shipped specs are) also works in the CommonJS build.
  libraryConfig({ shims: true }),
  // The CLI and the Prism runner are only ever run by node directly.
  { entry: ["src/cli.ts", "src/prism-runner.ts"], format: ["esm"], target: "es2022", shims: true },
];
