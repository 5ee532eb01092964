// The machine and the versions a run measured, recorded with every result.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { benchDir, repoRoot } from "./paths.mjs";

export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown CPU",
    cores: cpus.length,
    memoryBytes: os.totalmem(),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage: os.loadavg()[0],
  };
}

const versionOf = (name) => {
  for (const dir of [benchDir, repoRoot]) {
    const file = join(dir, "node_modules", name, "package.json");
    if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")).version;
  }
  return "not installed";
};

export function versions() {
  const tools = {};
  for (const name of ["openapi-fetch", "axios", "tinybench", "esbuild", "typescript", "turbo", "vitest", "@stoplight/prism-cli"]) tools[name] = versionOf(name);
  tools.pnpm = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")).packageManager?.replace(/^pnpm@/, "") ?? "unknown";
  const crmkit = {};
  for (const dir of readdirSync(join(repoRoot, "packages"))) {
    const file = join(repoRoot, "packages", dir, "package.json");
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, "utf8"));
    if (!pkg.private) crmkit[pkg.name] = pkg.version;
  }
  return { tools, crmkit };
}

export function gitState() {
  const git = (...args) => execFileSync("git", args, { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  try {
    return { commit: git("rev-parse", "--short", "HEAD"), dirty: git("status", "--porcelain", "--untracked-files=normal").length > 0 };
  } catch {
    return { commit: "unknown", dirty: false };
  }
}
