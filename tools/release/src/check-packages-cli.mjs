#!/usr/bin/env node
// @ts-check
// pnpm check:packages [--skip-footprint] [--skip-smoke] [--keep]
// Packs every publishable package (packages/*, not private) and checks the tarballs: publint, attw (node16 ESM/CJS and
// bundler), tarball contents, size budgets, the install footprint of the facade, then the npm consumer smoke test.
// Needs `pnpm build` first.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { repoRoot } from "./git.mjs";
import { packAll } from "./pack.mjs";
import { checkTarballContents, loadTarball, runAttw, runPublint, tarballFiles } from "./package-checks.mjs";
import { checkSizeBudgets } from "./size-budgets.mjs";
import { runConsumerSmoke } from "./consumer-smoke.mjs";
import { checkInstallFootprint, measureInstallFootprint } from "./install-footprint.mjs";
import { facadeOf, publishablePackages, specVendors } from "./workspace.mjs";

const { values } = parseArgs({
  options: {
    "skip-footprint": { type: "boolean", default: false },
    "skip-smoke": { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
  },
  strict: true,
});

const root = repoRoot(process.cwd());
const scratch = mkdtempSync(join(tmpdir(), "crmkit-check-packages-"));
const failures = [];
const started = Date.now();
const seconds = (/** @type {number} */ since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

try {
  const packages = publishablePackages(root);
  const unbuilt = packages.filter((p) => !existsSync(join(p.dir, "dist")));
  if (unbuilt.length > 0) throw new Error(`not built: ${unbuilt.map((p) => p.name).join(", ")} (run \`pnpm build\` first)`);

  let step = Date.now();
  const packed = await packAll(packages, join(scratch, "tarballs"));
  console.log(`packed ${packed.length} packages in ${seconds(step)}`);

  step = Date.now();
  for (const { pkg, tarball } of packed) {
    const { bytes, attwPackage } = loadTarball(tarball);
    const outcomes = [await runPublint(bytes), await runAttw(attwPackage), checkTarballContents(tarballFiles(attwPackage), pkg.manifest)];
    console.log(`${outcomes.every((o) => o.ok) ? "✓" : "✗"} ${pkg.name}@${pkg.version} (${(bytes.byteLength / 1024).toFixed(1)} KiB packed)`);
    for (const outcome of outcomes) {
      console.log(`    ${outcome.ok ? "✓" : "✗"} ${outcome.name}`);
      for (const problem of outcome.problems) {
        console.log(`        ✗ ${problem}`);
        failures.push(`${pkg.name}: ${outcome.name}: ${problem}`);
      }
      for (const note of outcome.notes ?? []) console.log(`        · ${note}`);
    }
  }
  console.log(`publint, attw and tarball contents in ${seconds(step)}`);

  step = Date.now();
  console.log("size budgets (esbuild bundle, minified, gzip; 1 kB = 1,000 B):");
  for (const result of await checkSizeBudgets(packages, specVendors(root))) {
    console.log(`    ${result.ok ? "✓" : "✗"} ${result.label}: ${result.bytes} B (limit ${result.limit} B; ${result.detail})`);
    if (!result.ok) failures.push(`size budget: ${result.label} is ${result.bytes} B, over its limit of ${result.limit} B`);
  }
  console.log(`size budgets in ${seconds(step)}`);

  const facade = facadeOf(packages);
  if (facade && !values["skip-footprint"]) {
    step = Date.now();
    console.log(`install footprint (npm install of the ${facade.name} tarball and the @crmkit tarballs it depends on):`);
    try {
      const workDir = join(scratch, "footprint");
      mkdirSync(workDir);
      const outcome = checkInstallFootprint(facade.name, await measureInstallFootprint({ name: facade.name, packed, workDir }));
      console.log(`    ${outcome.ok ? "✓" : "✗"} ${outcome.notes?.join("; ")} in ${seconds(step)}`);
      for (const problem of outcome.problems) {
        console.log(`        ✗ ${problem}`);
        failures.push(`install footprint: ${problem}`);
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.log(`    ✗ ${message}`);
      failures.push(message.split("\n")[0] ?? message);
    }
  }

  if (!values["skip-smoke"]) {
    step = Date.now();
    console.log("consumer smoke test (npm install of the tarballs, strict tsc under node16 and bundler, ESM and CJS runs against @crmkit/mock):");
    try {
      await runConsumerSmoke({ root, packed, workDir: join(scratch, "consumer"), log: console.log });
      console.log(`    ✓ consumer smoke test in ${seconds(step)}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.log(`    ✗ ${message}`);
      failures.push(message.split("\n")[0] ?? message);
    }
  }
} catch (error) {
  failures.push(error instanceof Error ? error.message : String(error));
} finally {
  if (values.keep) console.log(`kept ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.log(`\n✗ check:packages: ${failures.length} problem(s) in ${seconds(started)}:`);
  for (const failure of failures) console.log(`  - ${failure}`);
  process.exitCode = 1;
} else {
  console.log(`\n✓ check:packages passed in ${seconds(started)}`);
}
