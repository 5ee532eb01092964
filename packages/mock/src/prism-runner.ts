// Runs the Prism CLI in this process and exits as soon as the parent goes away. The parent holds our stdin open; when it
// exits for any reason (even SIGKILL) the pipe closes, so no Prism server outlives the process that started it.
import { createRequire } from "node:module";

process.stdin.on("end", () => process.exit(0));
process.stdin.on("close", () => process.exit(0));
process.stdin.resume();

// Prism's own telemetry-free CLI; its dependency @scarf/scarf only acts as an install script, which we block.
const require = createRequire(import.meta.url);
const bin = require.resolve("@stoplight/prism-cli/dist/index.js");
process.argv = [process.argv[0]!, bin, ...process.argv.slice(2)];
require(bin);
