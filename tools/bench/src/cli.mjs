#!/usr/bin/env node
// `pnpm bench [--quick] [--only items] [--out dir]`: runs the benchmarks, prints the report, writes the JSON and the
// Markdown. A full run of every item rewrites BENCHMARKS.md and tools/bench/results/latest.json; `--quick` (CI: small
// counts, skips the cold build and the contract suite) and `--only` write to tools/bench/.out/ (or --out) instead.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { runBundleSize } from "./bundle-size.mjs";
import { runCpuProfile } from "./cpu-profile.mjs";
import { runCliScale } from "./cli-scale.mjs";
import { gitState, machine, versions } from "./environment.mjs";
import { runOverhead } from "./overhead.mjs";
import { outputPaths } from "./paths.mjs";
import { runContractSuite, runPipelineBuilds } from "./pipeline.mjs";
import { evaluateTargets, renderMarkdown } from "./report.mjs";
import { runThroughput } from "./throughput.mjs";
import { runTypecheck } from "./typecheck.mjs";

const items = ["overhead", "profile", "bundle", "throughput", "typecheck", "pipeline", "cli"];

/** Counts per mode. Quick keeps the harness exercised end to end in well under a minute; its figures mean little. */
const settings = {
  full: {
    overhead: { rounds: 8, timeMs: 400, warmupMs: 200 },
    profile: { calls: 30_000 },
    throughput: { items: 2000 },
    typecheck: { runs: 5, include: ["crmkit", "openapi-fetch", "facade", "no-calls"] },
    cli: { rows: 100_000 },
  },
  quick: {
    overhead: { rounds: 1, timeMs: 50, warmupMs: 20 },
    profile: { calls: 300 },
    throughput: { items: 100 },
    typecheck: { runs: 1, include: ["crmkit", "openapi-fetch"] },
    cli: { rows: 2_000 },
  },
};

const { values } = parseArgs({
  options: { quick: { type: "boolean", default: false }, only: { type: "string" }, out: { type: "string" }, help: { type: "boolean", default: false } },
});
if (values.help) {
  console.log(`pnpm bench [--quick] [--only ${items.join(",")}] [--out dir]`);
  process.exit(0);
}
const only = values.only ? values.only.split(",").map((s) => s.trim()) : items;
const unknown = only.filter((i) => !items.includes(i));
if (unknown.length) {
  console.error(`--only: unknown item(s) ${unknown.join(", ")}; expected some of ${items.join(", ")}`);
  process.exit(2);
}
const mode = values.quick ? "quick" : "full";
const config = settings[mode];
const log = (message) => console.error(`[bench] ${message}`);
const want = (item) => only.includes(item);

const start = machine();
const results = { schema: 1, mode, only, startedAt: new Date().toISOString(), versions: versions(), git: gitState() };

// Every other item measures the built packages: the pipeline item builds first (cold then warm in full mode, warm in
// quick mode); without it, a plain `pnpm build` makes sure dist/ is current.
const builds = await runPipelineBuilds({ quick: mode === "quick" || !want("pipeline"), log });
if (want("pipeline")) results.pipeline = builds;

if (want("overhead")) results.overhead = await runOverhead({ ...config.overhead, log });
if (want("profile")) results.cpuProfile = await runCpuProfile({ ...config.profile, log });
if (want("bundle")) results.bundleSize = await runBundleSize({ log });
if (want("throughput")) results.throughput = await runThroughput({ mode, ...config.throughput, log });
if (want("typecheck")) results.typecheck = await runTypecheck({ ...config.typecheck, log });
if (want("cli")) results.cliScale = await runCliScale({ ...config.cli, log });
if (want("pipeline") && mode === "full") results.pipeline.contractSuite = await runContractSuite({ log });

const end = machine();
results.finishedAt = new Date().toISOString();
results.machine = { ...start, loadAverageStart: start.loadAverage, loadAverageEnd: end.loadAverage, loadAverage: undefined };
results.targets = evaluateTargets(results);

const out = outputPaths({ quick: mode === "quick", partial: only.length < items.length, outDir: values.out });
const markdown = renderMarkdown(results);
mkdirSync(dirname(out.json), { recursive: true });
mkdirSync(dirname(out.markdown), { recursive: true });
writeFileSync(out.json, JSON.stringify(results, null, 2) + "\n");
writeFileSync(out.markdown, markdown);
process.stdout.write(markdown);
log(`wrote ${out.json} and ${out.markdown}${out.publishes ? "" : " (BENCHMARKS.md left as it is)"}`);
