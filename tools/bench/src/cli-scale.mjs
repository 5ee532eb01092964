// Item 6: the crmkit command at scale. The built bin moves N rows (a third each HighLevel, LeadSquared and One-Link)
// in a child process: a dry run, and a run with --mock against a local stand-in for the three vendors (every base-URL
// variable pointing at it, so no Prism and no rate limit). Measured: peak resident memory and CPU time of the command
// (its own process.resourceUsage at exit), rows per second, warnings printed, result rows written.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { repoRoot, scratchDir } from "./paths.mjs";
import { startRateLimitedServer } from "./rate-limited-server.mjs";
import { vendorServers } from "./vendor-routes.mjs";

const bin = join(repoRoot, "packages/cli/bin/crmkit.js");
const probe = join(repoRoot, "tools/bench/src/usage-probe.mjs");

const first = Date.parse("2026-03-09T08:00:00Z");
const slot = (i) => {
  const start = new Date(first + i * 60_000).toISOString().replace(".000Z", "Z");
  return `${start},${new Date(first + i * 60_000 + 1_800_000).toISOString().replace(".000Z", "Z")}`;
};
const guid = (i) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
const row = (i) => [`onelink,${i + 1}`, `leadconnector,bench-event-${i}`, `leadsquared,${guid(i)}`][i % 3] + `,${slot(i)}`;

function writeMoves(path, rows) {
  const lines = ["vendor,appointmentId,start,end"];
  for (let i = 0; i < rows; i++) lines.push(row(i));
  writeFileSync(path, lines.join("\n") + "\n");
}

/** One run of the bin; resolves with what it measured. */
function runBin(args, env, dir) {
  const usageFile = join(dir, `usage-${Date.now()}.json`);
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", probe, bin, ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH, ...env, CRMKIT_BENCH_USAGE_FILE: usageFile },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve) =>
    child.on("exit", (code) => {
      const wallS = (performance.now() - started) / 1000;
      const usage = JSON.parse(readFileSync(usageFile, "utf8"));
      resolve({ code, wallS, ...usage, warnings: stderr.split("\n").filter((l) => /Warning/.test(l)).length, stderrTail: stderr.trim().split("\n").slice(-2) });
    }),
  );
}

const resultRows = (path) => readFileSync(path, "utf8").trimEnd().split("\n").length - 1;

export async function runCliScale({ rows, log }) {
  const dir = join(scratchDir, "cli-scale");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const moves = join(dir, "moves.csv");
  writeMoves(moves, rows);
  const scenarios = [];
  try {
    log(`cli: ${rows.toLocaleString("en-US")}-row dry run`);
    const dry = await runBin(["reschedule", "--file", "moves.csv", "--out", "plan.csv", "--dry-run"], {}, dir);
    scenarios.push({ id: "dry-run", title: "dry run (`--dry-run --out plan.csv`)", rows, ...dry, resultRows: resultRows(join(dir, "plan.csv")), requests: 0 });

    const limits = ["burst", "general", "bulk", "per-ip"].map((name) => ({ name, limit: Infinity, windowMs: 1 }));
    const routes = Object.values(vendorServers).flatMap((v) => v.routes());
    const server = await startRateLimitedServer({ limits, routes });
    try {
      log(`cli: ${rows.toLocaleString("en-US")}-row run against a local stand-in`);
      const env = { HIGHLEVEL_BASE_URL: server.url, LSQ_BASE_URL: server.url, ONELINK_BASE_URL: server.url };
      const sent = await runBin(["reschedule", "--file", "moves.csv", "--out", "results.csv", "--mock", "--concurrency", "16"], env, dir);
      scenarios.push({
        id: "run",
        title: "run against a local stand-in (`--mock --concurrency 16`)",
        rows,
        ...sent,
        resultRows: resultRows(join(dir, "results.csv")),
        requests: server.arrivals.length,
      });
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const s of scenarios) s.rowsPerS = s.rows / s.wallS;
  return { rows, scenarios };
}
