#!/usr/bin/env node
// @ts-check
// pnpm release:dry [--keep]
// Runs `changeset version` in a scratch copy and prints the versions and CHANGELOG entries it would produce.
import { parseArgs } from "node:util";
import { repoRoot } from "./git.mjs";
import { formatDryRelease, releaseDry } from "./release-dry.mjs";

const { values } = parseArgs({ options: { keep: { type: "boolean", default: false } }, strict: true });
try {
  const result = await releaseDry(repoRoot(process.cwd()), { keep: values.keep });
  console.log(formatDryRelease(result));
  if (result.scratch) console.log(`\nkept ${result.scratch}`);
} catch (error) {
  const e = /** @type {{ message?: string, stdout?: string, stderr?: string }} */ (error);
  console.error(`release:dry failed: ${e.message ?? String(error)}${e.stdout ? `\n${e.stdout}` : ""}${e.stderr ? `\n${e.stderr}` : ""}`);
  process.exitCode = 1;
}
