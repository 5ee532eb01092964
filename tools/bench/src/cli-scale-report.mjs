// Item 6's targets and section of BENCHMARKS.md (pure, like report.mjs): see cli-scale.mjs for what is measured.
import { int, table } from "./markdown.mjs";

export const CLI_MEMORY_TARGET_BYTES = 300 * 2 ** 20;

const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/** Target rows: peak memory (full mode only: small counts say nothing), no warnings, a result row for every row. */
export function cliScaleTargets(c, mode) {
  return (c?.scenarios ?? []).map((s) => {
    const complete = s.code === 0 && s.resultRows === s.rows && s.warnings === 0;
    const memoryOk = s.maxRssBytes <= CLI_MEMORY_TARGET_BYTES;
    return {
      item: 6,
      what: `\`crmkit reschedule\` ${s.id}, ${int(s.rows)} rows`,
      target: `≤ ${mb(CLI_MEMORY_TARGET_BYTES)} peak memory, 0 warnings, every row written`,
      measured: `${mb(s.maxRssBytes)}, ${s.warnings} warnings, ${int(s.resultRows)} rows written${s.code ? ` (exit ${s.code})` : ""}`,
      met: mode === "quick" ? (complete ? null : false) : complete && memoryOk,
      miss: [!memoryOk && mode !== "quick" && `${mb(s.maxRssBytes - CLI_MEMORY_TARGET_BYTES)} over`, !complete && `exit ${s.code}, ${s.warnings} warnings, ${s.resultRows} of ${s.rows} rows written`]
        .filter(Boolean)
        .join(", ") || undefined,
    };
  });
}

export function cliScaleSection(c) {
  return [
    "## 6. The crmkit command at scale",
    "",
    `The built \`crmkit\` bin in a child process on a ${int(c.rows)}-row moves file (a third each HighLevel, LeadSquared and`,
    "One-Link). The run sends to a local stand-in for the three vendors (the base-URL variables point at it; `--mock`:",
    "placeholder credentials, no rate limit), which answers with the contracts' examples. Memory and CPU are the command's",
    "own `process.resourceUsage()` at exit; rows/s is rows over the command's wall time, start-up included.",
    "",
    table(
      ["scenario", "rows", "wall", "rows/s", "peak memory", "CPU time", "requests", "result rows", "warnings"],
      c.scenarios.map((s) => [
        s.title,
        int(s.rows),
        `${s.wallS.toFixed(1)} s`,
        int(s.rowsPerS),
        mb(s.maxRssBytes),
        `${s.cpuS.toFixed(1)} s`,
        int(s.requests),
        int(s.resultRows),
        String(s.warnings),
      ]),
    ),
  ].join("\n");
}
