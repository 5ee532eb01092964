import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { benchmarksFile, outputPaths, resultsFile, scratchDir } from "../src/paths.mjs";
import { parseTurbo, parseVitest } from "../src/pipeline.mjs";
import { TARGETS, evaluateTargets, renderMarkdown } from "../src/report.mjs";
import { parseDiagnostics } from "../src/typecheck.mjs";

const contender = (id: string, ratio: number, extra = {}) => ({
  id,
  name: id,
  note: "",
  target: id === "crmkit",
  reference: false,
  opsPerSec: 10_000 * ratio,
  meanUs: 100 / ratio,
  p99Us: 300,
  samples: 1000,
  ratioToOpenapiFetch: ratio,
  roundRatioMin: ratio - 0.02,
  roundRatioMax: ratio + 0.02,
  ...extra,
});
const bundle = (id: string, group: string, gzip: number, vendor?: string) => ({
  id,
  group,
  vendor,
  label: id,
  minified: gzip * 2.5,
  gzip,
  brotli: gzip - 300,
  byPackage: { "openapi-fetch": 6500, ...(group === "baseline" ? {} : { "@crmkit/core": 7800 }), ...(vendor ? { [`@crmkit/${vendor}`]: 1200 } : {}) },
});
const vendorRun = (name: string, ratio: number, tooManyRequests = 0, itemsLost = 0) => ({
  vendor: name.toLowerCase(),
  name,
  items: 2000,
  documented: [{ name: "burst", limit: 100, windowMs: 10_000, source: "docs" }],
  bench: [{ name: "burst", limit: 100, windowMs: 1000 }],
  chunkSize: null,
  calls: 2000,
  tooManyRequests,
  otherErrors: 0,
  itemsAccepted: 2000 - itemsLost,
  itemsDuplicated: 0,
  itemsLost,
  failedOutcomes: itemsLost,
  maxInAnyWindow: { burst: 100 },
  idealSpanMs: 19_000,
  spanMs: 19_000 / ratio,
  wallMs: 19_100 / ratio,
  ratio,
  concurrency: 16,
  bindingLimit: "burst",
  meanRoundTripMs: 2,
  designBound: 0.998,
  itemsPerSec: 100,
});

const results = (mode: "full" | "quick", { crmkitRatio = 0.95, leadGzip = 3900, checkTimeS = 0.7, warmS = 1.2, suiteS = 40 } = {}) => ({
  schema: 1,
  mode,
  startedAt: "2026-11-22T10:00:00.000Z",
  finishedAt: "2026-11-22T10:04:30.000Z",
  machine: { cpu: "Test CPU", cores: 2, memoryBytes: 8 * 2 ** 30, os: "Linux", node: "v20.20.2", loadAverageStart: 0.5, loadAverageEnd: 3.5 },
  versions: { tools: { "openapi-fetch": "0.17.0" }, crmkit: { "@crmkit/core": "0.0.0" } },
  git: { commit: "abc1234", dirty: false },
  overhead: {
    rounds: 6,
    timeMs: 500,
    warmupMs: 200,
    idleRateLimit: { limit: 1_000_000, windowMs: 10 },
    scenarios: Object.fromEntries(
      ["get", "put"].map((id) => [id, { title: id.toUpperCase(), call: id, contenders: [contender("fetch", 1.6), contender("openapi-fetch", 1), contender("crmkit", crmkitRatio)] }]),
    ),
  },
  bundleSize: {
    settings: "esbuild",
    bundles: [bundle("openapi-fetch", "baseline", 2600), bundle("core", "baseline", 3500), bundle("leadconnector", "vendor", leadGzip, "leadconnector"), bundle("onelink", "vendor", 3700, "onelink")],
  },
  throughput: { items: 2000, mode, vendors: [vendorRun("HighLevel", 0.97), vendorRun("LeadSquared", 0.9, 2, 50)] },
  typecheck: {
    calls: 40,
    callsPerVendor: 10,
    typescript: "5.9.3",
    variants: [
      { id: "crmkit", label: "crmkit", runs: 3, checkTimeS, checkTimeMedianS: checkTimeS, totalTimeS: 1.5, cpuTimeS: 2, instantiations: 49_669, types: 9000, memoryMB: 80, files: 70 },
      { id: "openapi-fetch", label: "openapi-fetch", runs: 3, checkTimeS: 0.7, checkTimeMedianS: 0.7, totalTimeS: 1.5, cpuTimeS: 2, instantiations: 49_737, types: 9000, memoryMB: 80, files: 70 },
    ],
  },
  pipeline: {
    coldBuild: { command: "pnpm build --force", wallS: 60, tasks: 12, cached: 0, fullTurbo: false },
    warmBuild: { command: "pnpm build", wallS: warmS, tasks: 12, cached: 12, fullTurbo: true },
    contractSuite: { command: "vitest run …", wallS: suiteS, exitCode: 0, passed: 300, failed: 0, skipped: 0, files: 12 },
  },
});

describe("targets", () => {
  it("are met when every figure is inside its target", () => {
    const rows = evaluateTargets(results("full"));
    const [highLevel, leadSquared] = rows.filter((r) => r.item === 3);
    expect(highLevel!.met).toBe(true);
    // The other vendor misses on every count, and the row says by how much.
    expect(leadSquared).toMatchObject({ met: false, miss: "5.0 points below ideal, 2 × 429, 50 lost" });
    expect(rows.filter((r) => r.item !== 3).every((r) => r.met === true)).toBe(true);
  });

  it("say by how much a figure misses", () => {
    const rows = evaluateTargets(results("full", { crmkitRatio: 0.4, leadGzip: 6633, checkTimeS: 1.25, warmS: 2.5, suiteS: 75 }));
    const miss = (what: RegExp) => rows.find((r) => what.test(r.what))!;
    expect(miss(/GET/)).toMatchObject({ met: false, measured: "0.40×", miss: "0.50 short (the stack would need to be 2.3× faster)" });
    expect(miss(/Bundle/)).toMatchObject({ met: false, measured: "3,700–6,633 B", miss: `up to ${(6633 - TARGETS.vendorGzipBytes).toLocaleString("en-US")} B over (leadconnector)` });
    expect(miss(/Type-check time/)).toMatchObject({ met: false, miss: "0.25 s over" });
    expect(miss(/instantiations/)).toMatchObject({ met: true });
    expect(miss(/Warm/)).toMatchObject({ met: false, miss: "0.50 s over" });
    expect(miss(/Contract suite/)).toMatchObject({ met: false, miss: "15.0 s over" });
  });

  it("give no verdict on quick-mode timings, only on sizes and instantiation counts", () => {
    const rows = evaluateTargets(results("quick", { crmkitRatio: 0.1, checkTimeS: 9 }));
    expect(rows.filter((r) => r.met !== null).map((r) => r.what)).toEqual(["Bundle per vendor package import, gzip", "Type instantiations, same consumer", "Contract suite (static + dynamic)"]);
  });

  it("are 'not measured' for items a run skipped", () => {
    const { throughput, typecheck, ...partial } = results("full");
    const rows = evaluateTargets(partial);
    expect(rows.filter((r) => r.item === 4).map((r) => r.met)).toEqual([null, null]);
    expect(rows.some((r) => r.item === 3)).toBe(false);
  });
});

describe("BENCHMARKS.md", () => {
  it("says it is generated, names the machine and versions, flags a busy machine, and has a section per item", () => {
    const md = renderMarkdown(results("full", { crmkitRatio: 0.4 }));
    expect(md).toContain("Generated by `pnpm bench`");
    expect(md).toContain("Test CPU, 2 cores, 8.0 GiB RAM");
    expect(md).toContain("openapi-fetch 0.17.0");
    expect(md).toMatch(/3\.50 at end — \*\*above the core count/);
    for (const heading of ["## Targets", "## 1. Per-request overhead", "## 2. Bundle size", "## 3. Throughput", "## 4. Type-check cost", "## 5. Build and test pipeline"]) {
      expect(md).toContain(heading);
    }
    expect(md).toMatch(/\| \*\*crmkit\*\* \| 4,000 \| 250\.0 \| 300\.0 \| \*\*0\.40×\*\* \| 0\.38–0\.42 \|/);
    expect(md).toContain("`rateLimit: { limit: 1_000_000, windowMs: 10 }`");
  });
});

describe("where a run writes", () => {
  it("only a full run of every item publishes BENCHMARKS.md and results/latest.json", () => {
    expect(outputPaths({ quick: false, partial: false })).toEqual({ json: resultsFile, markdown: benchmarksFile, publishes: true });
    expect(outputPaths({ quick: true, partial: false })).toEqual({ json: join(scratchDir, "quick.json"), markdown: join(scratchDir, "quick.md"), publishes: false });
    expect(outputPaths({ quick: false, partial: true, outDir: "/tmp/x" })).toMatchObject({ markdown: "/tmp/x/partial.md", publishes: false });
    expect(outputPaths({ quick: true, partial: false, outDir: "/tmp/x" }).markdown).not.toBe(benchmarksFile);
  });
});

describe("tool output parsing", () => {
  it("reads tsc --extendedDiagnostics", () => {
    const out = ["Files:                         72", "Types:                       9193", "Instantiations:             49669", "Memory used:               72922K", "Check time:                 0.52s", "Total time:                 1.91s", "", "CPU time: 2.10s"].join("\n");
    expect(parseDiagnostics(out)).toEqual({ files: 72, types: 9193, instantiations: 49669, memoryMB: 72922 / 1024, checkTimeS: 0.52, totalTimeS: 1.91, cpuTimeS: 2.1 });
  });

  it("reads turbo's and vitest's summaries", () => {
    expect(parseTurbo(" Tasks:    12 successful, 12 total\nCached:    12 cached, 12 total\n  Time:    310ms >>> FULL TURBO\n")).toEqual({ tasks: 12, successful: 12, cached: 12, fullTurbo: true });
    expect(parseVitest(" Test Files  11 passed (11)\n      Tests  301 passed | 2 skipped (303)\n")).toEqual({ passed: 301, failed: 0, skipped: 2, files: 11 });
  });
});
