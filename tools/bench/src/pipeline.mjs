// Item 5: the build and test pipeline, timed from outside as a developer sees it. Cold = `pnpm build --force` (turbo runs
// every task), warm = `pnpm build` right after (every task a turbo cache hit), contract suite = both Prism-backed vitest
// projects. Telemetry off for every tool.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { repoRoot } from "./paths.mjs";

export const quietEnv = {
  TURBO_TELEMETRY_DISABLED: "1",
  REDOCLY_TELEMETRY: "off",
  REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
  SCARF_ANALYTICS: "false",
  DO_NOT_TRACK: "1",
  OPTIC_TELEMETRY_LEVEL: "off",
  npm_config_update_notifier: "false",
  NO_COLOR: "1",
  FORCE_COLOR: "0",
};

const bin = (name) => join(repoRoot, "node_modules", ".bin", name);

/** Run a command from the repo root; resolves to its wall time, exit code and output (ANSI stripped). */
export function timed(command, args) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, args, { cwd: repoRoot, env: { ...process.env, ...quietEnv }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ wallS: (performance.now() - t0) / 1000, code, output: output.replace(/\x1b\[[0-9;]*m/g, "") }));
  });
}

/** Turbo's summary: tasks run, tasks served from cache, and whether it was a full cache hit. */
export function parseTurbo(output) {
  const tasks = output.match(/Tasks:\s+(\d+) successful, (\d+) total/);
  const cached = output.match(/Cached:\s+(\d+) cached, (\d+) total/);
  return {
    tasks: tasks ? Number(tasks[2]) : undefined,
    successful: tasks ? Number(tasks[1]) : undefined,
    cached: cached ? Number(cached[1]) : undefined,
    fullTurbo: /FULL TURBO/.test(output),
  };
}

/** vitest's summary line: `Tests  612 passed | 3 skipped (615)`. */
export function parseVitest(output) {
  const line = output.match(/^\s*Tests\s+(.+)$/m)?.[1] ?? "";
  const count = (word) => Number(line.match(new RegExp(`(\\d+) ${word}`))?.[1] ?? 0);
  const files = output.match(/^\s*Test Files\s+(.+)$/m)?.[1] ?? "";
  return { passed: count("passed"), failed: count("failed"), skipped: count("skipped"), files: Number(files.match(/\((\d+)\)/)?.[1] ?? 0) };
}

const tail = (text) => text.trim().split("\n").slice(-25).join("\n");

/** `pnpm build` (= turbo run build), as a developer types it; `--force` makes turbo run every task (cold). */
async function build(force) {
  const args = ["build", ...(force ? ["--force"] : []), "--output-logs=errors-only"];
  const r = await timed("pnpm", args);
  if (r.code !== 0) throw new Error(`pnpm ${args.join(" ")} failed (exit ${r.code}):\n${tail(r.output)}`);
  return { command: `pnpm ${args.join(" ")}`, wallS: r.wallS, ...parseTurbo(r.output) };
}

/** Full: cold build, warm build, contract suite. Quick: the warm build only (it also makes sure dist/ is current). */
export async function runPipelineBuilds({ quick, log = () => {} }) {
  const result = {};
  if (!quick) {
    log("pipeline: cold build (pnpm build --force)…");
    result.coldBuild = await build(true);
  }
  log("pipeline: warm build (pnpm build)…");
  result.warmBuild = await build(false);
  return result;
}

export async function runContractSuite({ log = () => {} }) {
  log("pipeline: contract suite (vitest run --project contract:static --project contract:dynamic)…");
  const args = ["run", "--project", "contract:static", "--project", "contract:dynamic"];
  const r = await timed(bin("vitest"), args);
  return { command: `vitest ${args.join(" ")}`, wallS: r.wallS, exitCode: r.code, ...parseVitest(r.output), ...(r.code !== 0 ? { outputTail: tail(r.output) } : {}) };
}
