#!/usr/bin/env node
// @ts-check
// pnpm new-vendor <name>: creates packages/<name> from specs/<name>/openapi.yaml (package files, generated types, a
// client factory with the contract's credentials, README, type, unit and contract tests) and its changeset. It writes
// only under packages/<name>/ and .changeset/; it refuses (exit 2, one line) before writing anything when the spec is
// missing, the name is not a folder-safe id, the package exists, or the contract has no credentials it can generate.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { parse } from "yaml";
import { exampleCallsOf } from "../../contract-testing/src/example-calls.mjs";
import { repoRoot } from "../../specs/vendors.mjs";
import { renderManifest, renderReadme, renderTurbo, tsconfig, tsupConfig } from "./render-package.mjs";
import { renderIndex } from "./render-source.mjs";
import { renderCases, renderClientTest, renderSuite, renderTypeTest } from "./render-tests.mjs";
import { checkVendorId, Refusal, specFacts } from "./spec-facts.mjs";

/** Every workspace package.json (packages/* and tools/*), with its folder. @param {string} root */
function workspaceManifests(root) {
  return ["packages", "tools"].flatMap((group) =>
    existsSync(join(root, group))
      ? readdirSync(join(root, group))
          .filter((name) => existsSync(join(root, group, name, "package.json")))
          .map((name) => ({ dir: `${group}/${name}`, manifest: JSON.parse(readFileSync(join(root, group, name, "package.json"), "utf8")) }))
      : [],
  );
}

/** Everything checked, nothing written yet. @param {string} root @param {string | undefined} name */
function prepare(root, name) {
  const vendor = checkVendorId(name);
  const specFile = join(root, "specs", vendor, "openapi.yaml");
  if (!existsSync(specFile)) throw new Refusal(`specs/${vendor}/openapi.yaml does not exist: put the vendor's contract there first`);
  if (existsSync(join(root, "packages", vendor))) throw new Refusal(`packages/${vendor} already exists: new-vendor only creates packages (delete the folder to start over)`);
  const manifests = workspaceManifests(root);
  const taken = manifests.find((m) => m.manifest.name === `@crmkit/${vendor}`);
  if (taken) throw new Refusal(`the package name @crmkit/${vendor} is taken by ${taken.dir}`);
  const sibling = manifests.find((m) => m.dir.startsWith("packages/") && m.manifest.crmkit?.client);
  if (!sibling) throw new Refusal("no existing vendor package (packages/* with a `crmkit` field) to take dependency versions and the LICENSE from");
  const specText = readFileSync(specFile, "utf8");
  let spec;
  try {
    spec = parse(specText);
  } catch (error) {
    throw new Refusal(`specs/${vendor}/openapi.yaml is not valid YAML: ${String(/** @type {Error} */ (error).message).split("\n")[0]}`);
  }
  return { vendor, spec, specText, facts: specFacts(vendor, spec), sibling };
}

/** @param {string} root @param {ReturnType<typeof prepare>} prepared */
async function create(root, { vendor, spec, facts, sibling }) {
  const dir = join(root, "packages", vendor);
  const files = {
    "package.json": renderManifest(facts, sibling.manifest),
    "turbo.json": renderTurbo(facts),
    "tsup.config.ts": tsupConfig,
    "tsconfig.json": tsconfig,
    "README.md": renderReadme(facts, spec),
    "src/index.ts": renderIndex(facts),
    "test/cases.ts": renderCases(facts),
    "test/operations.contract.test.ts": renderSuite(facts, "operation"),
    "test/errors.contract.test.ts": renderSuite(facts, "error"),
    "test/client.test.ts": renderClientTest(facts),
    "test/types.test-d.ts": renderTypeTest(facts, spec),
  };
  for (const [file, contents] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), contents);
  }
  cpSync(join(root, sibling.dir, "LICENSE"), join(dir, "LICENSE"));
  // Loaded only once there is something to create (openapi-typescript, and Optic for the changeset, take seconds to
  // load), so a refusal is instant.
  const { generatedDir, render } = await import("../../generate/generate.mjs");
  const generated = await render(vendor);
  mkdirSync(generatedDir(vendor), { recursive: true });
  for (const [file, contents] of Object.entries(generated)) writeFileSync(join(generatedDir(vendor), file), contents);
  return [...Object.keys(files), "LICENSE", ...Object.keys(generated).map((f) => `src/generated/${f}`)].sort();
}

async function main() {
  // Optic's libraries (the release gate's spec diff, for the changeset) honour this; nothing here talks to a network.
  process.env.OPTIC_TELEMETRY_LEVEL = "off";
  const root = repoRoot;
  const args = process.argv.slice(2);
  if (args.length > 1) throw new Refusal(`expected one vendor name, got ${args.length}: ${args.join(" ")}`);
  const prepared = prepare(root, args[0]);
  const { vendor, facts, spec } = prepared;
  let changesetFile;
  try {
    const written = await create(root, prepared);
    const { writeNewVendorChangeset } = await import("./changeset.mjs");
    const changeset = await writeNewVendorChangeset(root, facts, prepared.specText);
    changesetFile = changeset.file;
    console.log(`created packages/${vendor}/ (${facts.packageName}, create${facts.pascal}Client):\n  ${written.join("\n  ")}`);
    console.log(`wrote ${relative(root, changeset.file)}: ${Object.entries(changeset.releases).map(([pkg, level]) => `${pkg} ${level}`).join(", ")}`);
  } catch (error) {
    // Half a package is worse than none: leave the tree as it was.
    rmSync(join(root, "packages", vendor), { recursive: true, force: true });
    if (changesetFile) rmSync(changesetFile, { force: true });
    throw error;
  }
  console.log(`credentials: ${facts.credentials.length > 0 ? facts.credentials.map((c) => `${c.option} (${c.kind}${c.name ? ` ${c.name}` : ""})`).join(", ") : "none"}`);
  console.log(`rate limit: ${facts.rateLimit.limit} per ${facts.rateLimit.windowMs} ms${facts.rateLimit.declared ? " (x-crmkit-rate-limit)" : " (conservative default: the spec declares none; see src/index.ts)"}`);
  const { failures } = exampleCallsOf(spec);
  if (failures.length > 0) {
    console.warn(`warning: the contract test cannot build a call for ${failures.length} operation(s) until the spec documents examples for them:\n  ${failures.map((f) => f.message).join("\n  ")}`);
  }
  console.log(`next: pnpm install && pnpm build && pnpm vitest run packages/${vendor}`);
}

main().catch((error) => {
  if (error instanceof Refusal) {
    console.error(`new-vendor: ${error.message}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
