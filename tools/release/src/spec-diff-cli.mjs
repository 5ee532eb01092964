#!/usr/bin/env node
// @ts-check
// pnpm spec:diff [--base <ref>] [--write-changeset] [--no-status]
// Compares every specs/<vendor>/openapi.yaml with its version at the base commit (default: the merge base of HEAD
// with main) and fails when pending changesets do not cover what changed. Runs offline.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { git, repoRoot, resolveBase } from "./git.mjs";
import { formatReport, runGate } from "./gate.mjs";

// Optic's libraries honour this too; nothing here talks to a network.
process.env.OPTIC_TELEMETRY_LEVEL = "off";

const { values } = parseArgs({
  options: {
    base: { type: "string" },
    "write-changeset": { type: "boolean", default: false },
    "no-status": { type: "boolean", default: false },
  },
  strict: true,
});

try {
  const root = repoRoot(process.cwd());
  const base = resolveBase(root, values.base ?? process.env.CRMKIT_RELEASE_BASE);
  const result = await runGate({ root, baseSha: base.sha, write: values["write-changeset"] });
  console.log(formatReport(result, `${base.sha.slice(0, 10)} (${base.description})`));
  let failed = result.failures.length > 0;

  if (!values["no-status"]) {
    // changesets' own check: changed packages since the base must come with a changeset at all.
    console.log(`\nchangeset status --since=${base.sha.slice(0, 10)}:`);
    try {
      execFileSync(join(root, "node_modules", ".bin", "changeset"), ["status", `--since=${base.sha}`], { cwd: root, stdio: "inherit" });
    } catch {
      failed = true;
      // changesets lists changesets with `git diff`, which does not see untracked files.
      const untracked = git(root, ["ls-files", "--others", "--exclude-standard", "--", ".changeset"]).split("\n").filter((f) => f.endsWith(".md"));
      if (untracked.length > 0) console.log(`hint: changeset status cannot see untracked changesets; \`git add\` ${untracked.join(", ")}`);
    }
  }
  process.exitCode = failed ? 1 : 0;
} catch (error) {
  console.error(`spec:diff: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
