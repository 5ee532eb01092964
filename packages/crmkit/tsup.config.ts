import { libraryConfig } from "../../tools/build/tsup.js";

export default [
  // One entry per subpath of package.json `exports`, so a bundler that imports one vendor never reaches the others.
  libraryConfig(),
  // The CLI (and the demo it runs) is only ever run by node directly.
  { entry: ["src/cli.ts"], format: ["esm"], target: "es2022" },
];
