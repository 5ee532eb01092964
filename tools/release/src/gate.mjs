// @ts-check
// The release gate: what changed since the base commit (specs, judged by Optic, and package files) must be covered by
// pending changesets with a high enough bump, and the changesets must name the spec operations that changed.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { changedFilesSince, fileAt, filesAt } from "./git.mjs";
import { compareSpecs, describeOperation, levels, maxLevel } from "./spec-diff.mjs";
import { declaredFor, pendingChangesets, satisfies, writeChangeset } from "./changesets.mjs";
import { facadeOf, publishablePackages, specShippers, specVendors } from "./workspace.mjs";

/** @typedef {import("./spec-diff.mjs").Level} Level */
/** @typedef {import("./spec-diff.mjs").SpecComparison} SpecComparison */
/** @typedef {import("./spec-diff.mjs").OperationRef} OperationRef */
/**
 * @typedef {object} Requirement
 * @property {string} pkg
 * @property {Level} level
 * @property {string[]} reasons
 * @property {OperationRef[]} operations  the changelog of `pkg` must name these
 */
/**
 * @typedef {object} GateResult
 * @property {{ vendor: string, comparison: SpecComparison, isNew: boolean }[]} specs  only the specs that changed
 * @property {Requirement[]} requirements
 * @property {string[]} failures     one readable line each
 * @property {string | undefined} written  the changeset file written by `write`
 */

// Files that never reach a tarball, so editing them needs no release.
const notShipped = /(^|\/)(test|tests|__tests__)\/|\.test(-d)?\.[cm]?[jt]sx?$|(^|\/)vitest\.config\.[cm]?[jt]s$|(^|\/)\.gitignore$/;

/**
 * @param {{ root: string, baseSha: string, baseLabel?: string, write?: boolean }} options
 * @returns {Promise<GateResult>}
 */
export async function runGate({ root, baseSha, baseLabel = baseSha.slice(0, 10), write = false }) {
  const packages = publishablePackages(root);

  const vendorsNow = specVendors(root);
  const vendorsBefore = filesAt(root, baseSha, "specs")
    .map((f) => /^specs\/([^/]+)\/openapi\.yaml$/.exec(f)?.[1])
    .filter((v) => v !== undefined);
  const vendors = [...new Set([...vendorsNow, ...vendorsBefore])].sort();

  /** @type {Map<string, Requirement>} */
  const requirements = new Map();
  /** @param {string} pkg @param {Level} level @param {string} reason @param {OperationRef[]} [operations] */
  const need = (pkg, level, reason, operations = []) => {
    const current = requirements.get(pkg) ?? { pkg, level: "none", reasons: [], operations: [] };
    current.level = maxLevel(current.level, level);
    current.reasons.push(reason);
    current.operations.push(...operations);
    requirements.set(pkg, current);
  };

  /** @type {GateResult["specs"]} */
  const specs = [];
  for (const vendor of vendors) {
    const path = `specs/${vendor}/openapi.yaml`;
    const afterText = existsSync(join(root, path)) ? readFileSync(join(root, path), "utf8") : undefined;
    const beforeText = fileAt(root, baseSha, path);
    if (afterText === beforeText) continue;
    const comparison = await compareSpecs({ beforeText, afterText, beforeLabel: `${path}@${baseLabel}`, afterLabel: path });
    if (comparison.level === "none") continue;
    const isNew = beforeText === undefined;
    specs.push({ vendor, comparison, isNew });

    for (const r of contractRequirements({ vendor, comparison, isNew, packages })) need(r.pkg, r.level, r.reason, r.operations);
  }

  const changedFiles = changedFilesSince(root, baseSha);
  for (const pkg of packages) {
    const files = changedFiles.filter((f) => f.startsWith(`${pkg.relDir}/`) && !notShipped.test(f.slice(pkg.relDir.length + 1)));
    if (files.length > 0) need(pkg.name, "patch", `${files.length} shipped file(s) changed under ${pkg.relDir}/ (e.g. ${files[0]})`);
  }

  let changesets = await pendingChangesets(root);
  /** @type {string | undefined} */
  let written;
  if (write) {
    const missing = evaluate([...requirements.values()], changesets);
    if (missing.unmet.length > 0) {
      written = writeSuggestedChangeset(root, specs, missing.unmet);
      changesets = await pendingChangesets(root);
    }
  }
  const { failures } = evaluate([...requirements.values()], changesets);
  return { specs, requirements: [...requirements.values()], failures, written };
}

/**
 * What one changed contract asks of the packages: the vendor's package at the change's level, the facade too when the
 * types change, and a patch for every package that ships the contracts. (`pnpm new-vendor` writes its changeset from this.)
 * @param {{ vendor: string, comparison: SpecComparison, isNew: boolean, packages: import("./workspace.mjs").WorkspacePackage[] }} change
 * @returns {{ pkg: string, level: Level, reason: string, operations: OperationRef[] }[]}
 */
export function contractRequirements({ vendor, comparison, isNew, packages }) {
  const path = `specs/${vendor}/openapi.yaml`;
  const facade = facadeOf(packages);
  const vendorPackage = packages.find((p) => p.relDir === `packages/${vendor}`);
  const { added, removed, changed } = comparison.operations;
  // A brand-new contract is a first release: its changelog says so rather than listing every operation.
  const toName = isNew ? [] : [...removed, ...changed, ...added];
  const why = `${path}: ${comparison.breaking.length > 0 ? `${comparison.breaking.length} breaking change(s)` : comparison.level === "minor" ? "compatible changes" : "documentation changes"}`;
  const requirements = [];
  if (vendorPackage) requirements.push({ pkg: vendorPackage.name, level: comparison.level, reason: why, operations: toName });
  // The facade re-exports the vendor's types, so their compatibility is its compatibility.
  if (facade && (comparison.level === "major" || comparison.level === "minor")) requirements.push({ pkg: facade.name, level: comparison.level, reason: why, operations: [] });
  for (const shipper of specShippers(packages)) requirements.push({ pkg: shipper.name, level: /** @type {Level} */ ("patch"), reason: `${path} ships in this package`, operations: [] });
  return requirements;
}

/** @param {Requirement[]} requirements @param {import("./changesets.mjs").Changeset[]} changesets */
function evaluate(requirements, changesets) {
  const failures = [];
  /** @type {Requirement[]} */
  const unmet = [];
  for (const requirement of requirements) {
    const declared = declaredFor(changesets, requirement.pkg);
    let ok = true;
    if (!satisfies(declared.level, requirement.level)) {
      ok = false;
      failures.push(
        `${requirement.pkg} needs a ${requirement.level} changeset; pending changesets declare ${declared.level === "none" ? "nothing" : declared.level} for it (${requirement.reasons.join("; ")})`,
      );
    }
    const text = declared.summaries.join("\n");
    const unnamed = requirement.operations.filter((op) => !isNamed(op, text));
    if (unnamed.length > 0) {
      ok = false;
      failures.push(`the changelog of ${requirement.pkg} must name the spec operations that changed; no pending changeset names ${unnamed.map(describeOperation).join(", ")}`);
    }
    if (!ok) unmet.push(requirement);
  }
  return { failures, unmet };
}

/** @param {OperationRef} op @param {string} text */
function isNamed(op, text) {
  if (op.operationId && text.includes(op.operationId)) return true;
  return text.toLowerCase().includes(`${op.method} ${op.path}`.toLowerCase());
}

/**
 * @param {string} root @param {GateResult["specs"]} specs @param {Requirement[]} unmet
 */
function writeSuggestedChangeset(root, specs, unmet) {
  /** @type {Record<string, Level>} */
  const releases = {};
  for (const r of unmet) releases[r.pkg] = r.level;
  const lines = [];
  for (const { vendor, comparison, isNew } of specs) {
    const { added, removed, changed } = comparison.operations;
    if (isNew) {
      lines.push(`New ${vendor} contract: ${added.length} operation(s).`);
      continue;
    }
    lines.push(`${vendor} contract (${comparison.level}):`);
    for (const b of comparison.breaking) lines.push(`- BREAKING: ${b.operation ? `${describeOperation(b.operation)}: ` : ""}${b.message}`);
    for (const op of removed) lines.push(`- Removed ${describeOperation(op)}`);
    for (const op of added) lines.push(`- Added ${describeOperation(op)}`);
    const alreadyNamed = new Set(comparison.breaking.flatMap((b) => (b.operation ? [describeOperation(b.operation)] : [])));
    for (const op of changed) if (!alreadyNamed.has(describeOperation(op))) lines.push(`- Changed ${describeOperation(op)}`);
  }
  if (lines.length === 0) lines.push("TODO: describe the change.");
  const id = `spec-diff-${Date.now().toString(36)}`;
  return writeChangeset(root, id, releases, lines.join("\n"));
}

/** Human-readable report. @param {GateResult} result @param {string} baseDescription */
export function formatReport(result, baseDescription) {
  const out = [`spec:diff against ${baseDescription}`];
  if (result.specs.length === 0) out.push("  no contract changed");
  for (const { vendor, comparison, isNew } of result.specs) {
    const { added, removed, changed } = comparison.operations;
    out.push(`  ${vendor}: ${comparison.level.toUpperCase()}${isNew ? " (new contract)" : ""} — ${added.length} added, ${removed.length} removed, ${changed.length} changed operation(s)`);
    for (const b of comparison.breaking) {
      out.push(`    ✗ ${b.location}  ${b.operation ? describeOperation(b.operation) : b.where}: ${b.message}`);
    }
  }
  for (const r of result.requirements) {
    out.push(`  requires ${r.level} for ${r.pkg}`);
  }
  if (result.written) out.push(`  wrote ${result.written}: review its summary before committing`);
  if (result.failures.length > 0) {
    out.push("", `✗ ${result.failures.length} release requirement(s) not met:`);
    for (const f of result.failures) out.push(`  - ${f}`);
    out.push("", "Fix: add a changeset (`pnpm changeset`) with these bumps, naming the operations, or run `pnpm spec:diff --write-changeset`.");
  } else {
    out.push("✓ pending changesets cover every change");
  }
  return out.join("\n");
}

export { levels };
