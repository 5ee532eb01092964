// @ts-check
// `changeset version` in a scratch copy of the workspace's release inputs, so the real tree is never touched.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * @typedef {object} DryRelease
 * @property {{ name: string, from: string, to: string }[]} bumps
 * @property {{ name: string, entry: string }[]} changelogs  the new CHANGELOG.md text of each bumped package
 * @property {string} log  what `changeset version` printed
 */

/** Workspace folders holding a package.json (one level below each workspace root folder). @param {string} root */
function manifestFolders(root) {
  const folders = [];
  for (const group of ["packages", "tools"]) {
    const base = join(root, group);
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base, { withFileTypes: true })) {
      if (entry.isDirectory() && existsSync(join(base, entry.name, "package.json"))) folders.push(`${group}/${entry.name}`);
    }
  }
  return folders;
}

/** @param {string} root @param {{ keep?: boolean }} [options] @returns {Promise<DryRelease & { scratch?: string }>} */
export async function releaseDry(root, options = {}) {
  const scratch = mkdtempSync(join(tmpdir(), "crmkit-release-dry-"));
  try {
    for (const file of ["package.json", "pnpm-workspace.yaml"]) {
      if (existsSync(join(root, file))) cpSync(join(root, file), join(scratch, file));
    }
    cpSync(join(root, ".changeset"), join(scratch, ".changeset"), { recursive: true });
    const folders = manifestFolders(root);
    for (const folder of folders) {
      mkdirSync(join(scratch, folder), { recursive: true });
      for (const file of ["package.json", "CHANGELOG.md"]) {
        if (existsSync(join(root, folder, file))) cpSync(join(root, folder, file), join(scratch, folder, file));
      }
    }
    // The changelog generator named in .changeset/config.json resolves from here.
    if (existsSync(join(root, "node_modules"))) symlinkSync(join(root, "node_modules"), join(scratch, "node_modules"), "dir");
    // changesets asks git for the commit that added each changeset; a repository with one commit answers it.
    await gitSnapshot(scratch);

    const before = readVersions(scratch, folders);
    const changesetBin = createRequire(import.meta.url).resolve("@changesets/cli/bin.js");
    const { stdout, stderr } = await run(process.execPath, [changesetBin, "version"], {
      cwd: scratch,
      env: { ...process.env, CI: "true", NO_COLOR: "1", FORCE_COLOR: "0" },
    });
    const after = readVersions(scratch, folders);

    const bumps = [];
    const changelogs = [];
    for (const [folder, { name, version }] of after) {
      const from = before.get(folder)?.version ?? "";
      if (from === version) continue;
      bumps.push({ name, from, to: version });
      const changelogPath = join(scratch, folder, "CHANGELOG.md");
      const original = existsSync(join(root, folder, "CHANGELOG.md")) ? readFileSync(join(root, folder, "CHANGELOG.md"), "utf8") : "";
      const now = existsSync(changelogPath) ? readFileSync(changelogPath, "utf8") : "";
      changelogs.push({ name, entry: newChangelogText(original, now) });
    }
    bumps.sort((a, b) => a.name.localeCompare(b.name));
    changelogs.sort((a, b) => a.name.localeCompare(b.name));
    return { bumps, changelogs, log: `${stdout}${stderr}`, ...(options.keep ? { scratch } : {}) };
  } finally {
    if (!options.keep) rmSync(scratch, { recursive: true, force: true });
  }
}

/** @param {string} scratch */
async function gitSnapshot(scratch) {
  const git = (/** @type {string[]} */ ...args) =>
    run("git", args, { cwd: scratch, env: { ...process.env, GIT_AUTHOR_NAME: "release-dry", GIT_AUTHOR_EMAIL: "release-dry@localhost", GIT_COMMITTER_NAME: "release-dry", GIT_COMMITTER_EMAIL: "release-dry@localhost" } });
  writeFileSync(join(scratch, ".gitignore"), "node_modules\n");
  await git("init", "--quiet", "--initial-branch=main");
  await git("add", "-A");
  await git("commit", "--quiet", "--no-gpg-sign", "-m", "release-dry snapshot");
}

/** @param {string} scratch @param {string[]} folders */
function readVersions(scratch, folders) {
  /** @type {Map<string, { name: string, version: string }>} */
  const versions = new Map();
  for (const folder of folders) {
    const manifest = JSON.parse(readFileSync(join(scratch, folder, "package.json"), "utf8"));
    if (manifest.private) continue;
    versions.set(folder, { name: manifest.name, version: manifest.version });
  }
  return versions;
}

/** The entries `changeset version` added on top of `original` (without the "# package" title). @param {string} original @param {string} now */
export function newChangelogText(original, now) {
  const withoutTitle = (/** @type {string} */ text) => text.replace(/^# .*\n+/, "");
  const added = withoutTitle(now);
  const oldBody = withoutTitle(original);
  const index = oldBody ? added.lastIndexOf(oldBody) : -1;
  return (index >= 0 ? added.slice(0, index) : added).trim();
}

/** @param {DryRelease} result */
export function formatDryRelease(result) {
  if (result.bumps.length === 0) return "release:dry: no pending changesets, nothing would be released";
  const width = Math.max(...result.bumps.map((b) => b.name.length));
  const lines = ["release:dry — `changeset version` in a scratch copy would release (commit ids below are the scratch copy's):", ""];
  for (const b of result.bumps) lines.push(`  ${b.name.padEnd(width)}  ${b.from} → ${b.to}`);
  for (const c of result.changelogs) lines.push("", `── ${c.name} CHANGELOG.md ──`, c.entry);
  return lines.join("\n");
}

