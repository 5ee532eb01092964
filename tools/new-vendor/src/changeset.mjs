// @ts-check
// The changeset a new vendor package needs: what the release gate asks of a new contract (tools/release
// `contractRequirements`: the package itself, the facade, the packages that ship the contracts), written the way
// `changeset add` does.
import { writeChangeset } from "../../release/src/changesets.mjs";
import { contractRequirements } from "../../release/src/gate.mjs";
import { compareSpecs, maxLevel } from "../../release/src/spec-diff.mjs";
import { publishablePackages } from "../../release/src/workspace.mjs";

/** @typedef {import("../../release/src/spec-diff.mjs").Level} Level */

/**
 * Writes .changeset/new-vendor-<vendor>.md and returns its path and the bumps it declares.
 * @param {string} root @param {import("./spec-facts.mjs").SpecFacts} facts @param {string} specText
 */
export async function writeNewVendorChangeset(root, facts, specText) {
  const path = `specs/${facts.vendor}/openapi.yaml`;
  const comparison = await compareSpecs({ beforeText: undefined, afterText: specText, beforeLabel: "(no contract)", afterLabel: path });
  /** @type {Record<string, Level>} */
  const releases = {};
  for (const r of contractRequirements({ vendor: facts.vendor, comparison, isNew: true, packages: publishablePackages(root) })) {
    releases[r.pkg] = maxLevel(releases[r.pkg] ?? "none", r.level);
  }
  const ids = facts.operations.map((o) => `\`${o.operationId}\``).join(", ");
  const summary = [
    `New package \`${facts.packageName}\`: a typed client for the ${facts.title} API, \`create${facts.pascal}Client\`, generated from`,
    `the new \`${path}\` contract (${facts.operations.length} operation(s): ${ids}).`,
  ].join("\n");
  const file = writeChangeset(root, `new-vendor-${facts.vendor}`, releases, summary);
  return { file, releases };
}
