// Item 7's section of BENCHMARKS.md (pure, like report.mjs): see cpu-profile.mjs for what is measured.
import { int, table } from "./markdown.mjs";

const signed = (value) => (value >= 0 ? "+" : "−") + Math.abs(value).toFixed(1);
const us = (value) => (value === undefined ? "–" : value.toFixed(1));

/** Rows of one scenario: every bucket either client spent time in, the largest extra cost of crmkit's first. */
function scenarioRows(bare, crmkit) {
  const buckets = [...new Set([...Object.keys(crmkit.selfUsPerCall), ...Object.keys(bare.selfUsPerCall)])];
  const rows = buckets
    .map((bucket) => ({ bucket, difference: (crmkit.selfUsPerCall[bucket] ?? 0) - (bare.selfUsPerCall[bucket] ?? 0) }))
    .sort((a, b) => b.difference - a.difference)
    .map(({ bucket, difference }) => [bucket, us(bare.selfUsPerCall[bucket]), us(crmkit.selfUsPerCall[bucket]), signed(difference)]);
  const wall = (value) => `**${value}**`;
  rows.push([wall("wall time per call"), wall(us(bare.wallUsPerCall)), wall(us(crmkit.wallUsPerCall)), wall(signed(crmkit.wallUsPerCall - bare.wallUsPerCall))]);
  return rows;
}

export function cpuProfileSection(p) {
  const lines = [
    "## 7. Where a call's time goes (CPU profile)",
    "",
    `Each client makes ${int(p.calls)} calls of the overhead item's scenarios under V8's sampling profiler`,
    `(every ${p.samplingIntervalUs} µs, in the bench process; ${p.rounds} rounds in alternating order). A sample's self time goes to`,
    "the file it falls in, @crmkit/core's split by source file; a built-in (JSON.parse, a promise's then) is billed to the",
    "JavaScript that called it, so the JSON parse shows under error-mapping for crmkit and under openapi-fetch when bare",
    "(V8 also inlines part of openapi-fetch's call into crmkit's call wrapper, `core: client`).",
    "Figures are µs per call; the profiler slows both clients alike.",
  ];
  for (const s of Object.values(p.scenarios)) {
    const rows = scenarioRows(s.contenders["openapi-fetch"], s.contenders.crmkit);
    lines.push("", `### ${s.title}`, "", table(["where", "bare openapi-fetch µs", "crmkit µs", "crmkit − bare"], rows));
  }
  return lines.join("\n");
}
