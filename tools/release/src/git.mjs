// @ts-check
import { execFileSync } from "node:child_process";

/** @param {string} cwd @param {string[]} args */
export function git(cwd, args) {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
}

/** @param {string} cwd @param {string} ref @returns {string | undefined} the commit sha, or undefined when ref names none */
export function commitOf(cwd, ref) {
  try {
    return git(cwd, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The commit to compare against: `explicit` when given, else the merge base of HEAD with main (or origin/main), else
 * HEAD itself.
 * @param {string} cwd @param {string | undefined} explicit
 * @returns {{ sha: string, description: string }}
 */
export function resolveBase(cwd, explicit) {
  if (explicit) {
    const sha = commitOf(cwd, explicit);
    if (!sha) throw new Error(`--base: "${explicit}" is not a commit in this repository`);
    return { sha, description: explicit };
  }
  for (const branch of ["main", "origin/main"]) {
    if (!commitOf(cwd, branch)) continue;
    const sha = git(cwd, ["merge-base", "HEAD", branch]).trim();
    return { sha, description: `merge base of HEAD with ${branch}` };
  }
  // A checkout without main (e.g. a detached CI clone) can still check its uncommitted work against HEAD.
  const head = commitOf(cwd, "HEAD");
  if (!head) throw new Error("no commit to compare with: the repository has no HEAD; pass --base <ref>");
  return { sha: head, description: "HEAD (no main or origin/main branch here; pass --base <ref> to choose)" };
}

/** Text of `path` at `sha`, or undefined when the file does not exist there. @param {string} cwd @param {string} sha @param {string} path */
export function fileAt(cwd, sha, path) {
  try {
    git(cwd, ["cat-file", "-e", `${sha}:${path}`]);
  } catch {
    return undefined;
  }
  return git(cwd, ["show", `${sha}:${path}`]);
}

/** Paths (repo-relative) under `dir` at `sha`. @param {string} cwd @param {string} sha @param {string} dir */
export function filesAt(cwd, sha, dir) {
  return git(cwd, ["ls-tree", "-r", "--name-only", sha, "--", dir]).split("\n").filter(Boolean);
}

/**
 * Files that differ between `sha` and the working tree, untracked (not ignored) files included.
 * @param {string} cwd @param {string} sha
 */
export function changedFilesSince(cwd, sha) {
  const tracked = git(cwd, ["diff", "--name-only", "--no-relative", sha]).split("\n");
  const untracked = git(cwd, ["ls-files", "--others", "--exclude-standard", "--full-name"]).split("\n");
  return [...new Set([...tracked, ...untracked].filter(Boolean))].sort();
}

/** @param {string} cwd */
export function repoRoot(cwd) {
  return git(cwd, ["rev-parse", "--show-toplevel"]).trim();
}
