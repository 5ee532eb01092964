// @ts-check
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import readChangesetsModule from "@changesets/read";
import { levels, maxLevel } from "./spec-diff.mjs";

/** @typedef {import("./spec-diff.mjs").Level} Level */
/** @typedef {{ id: string, summary: string, releases: { name: string, type: "major" | "minor" | "patch" | "none" }[] }} Changeset */

// @changesets/read is CJS with a default export; under Node's ESM loader it arrives wrapped once more.
const readChangesets = /** @type {(root: string) => Promise<Changeset[]>} */ (
  /** @type {any} */ (readChangesetsModule).default ?? readChangesetsModule
);

/** Every changeset waiting in .changeset/ (they all go into the next release). @param {string} root */
export async function pendingChangesets(root) {
  return readChangesets(root);
}

/**
 * The highest bump the pending changesets declare for `name`, and the summaries that mention it.
 * @param {Changeset[]} changesets @param {string} name
 * @returns {{ level: Level, summaries: string[], ids: string[] }}
 */
export function declaredFor(changesets, name) {
  /** @type {Level} */
  let level = "none";
  const summaries = [];
  const ids = [];
  for (const changeset of changesets) {
    const release = changeset.releases.find((r) => r.name === name);
    if (!release) continue;
    level = maxLevel(level, release.type);
    summaries.push(changeset.summary);
    ids.push(changeset.id);
  }
  return { level, summaries, ids };
}

/** @param {Level} have @param {Level} need */
export const satisfies = (have, need) => levels.indexOf(have) >= levels.indexOf(need);

/**
 * Writes a changeset the way `changeset add` does (front matter of package: bump, then the summary).
 * @param {string} root @param {string} id @param {Record<string, Level>} releases @param {string} summary
 */
export function writeChangeset(root, id, releases, summary) {
  const lines = Object.entries(releases)
    .filter(([, level]) => level !== "none")
    .map(([name, level]) => `${JSON.stringify(name)}: ${level}`);
  const dir = join(root, ".changeset");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${id}.md`);
  writeFileSync(file, `---\n${lines.join("\n")}\n---\n\n${summary.trim()}\n`);
  return file;
}
