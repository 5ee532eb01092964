#!/usr/bin/env node
// Fails when any committed file in packages/<vendor>/src/generated/ differs from what the spec generates now.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { generatedDir, render, vendors } from "./generate.mjs";

let stale = 0;
for (const vendor of vendors) {
  const expected = await render(vendor);
  const dir = generatedDir(vendor);
  const present = existsSync(dir) ? readdirSync(dir) : [];
  for (const [name, contents] of Object.entries(expected)) {
    const file = join(dir, name);
    if (!existsSync(file) || readFileSync(file, "utf8") !== contents) {
      console.error(`stale: packages/${vendor}/src/generated/${name} (run \`pnpm generate\`)`);
      stale++;
    }
  }
  for (const name of present.filter((n) => !(n in expected))) {
    console.error(`unexpected: packages/${vendor}/src/generated/${name} is not produced by the generator`);
    stale++;
  }
}
if (stale) process.exit(1);
console.log(`generated code is up to date for ${vendors.length} vendors`);
