// Formatting shared by the sections of BENCHMARKS.md.
export const int = (n) => Math.round(n).toLocaleString("en-US");
export const ratio = (r) => (r === null || r === undefined || Number.isNaN(r) ? "n/a" : `${r.toFixed(2)}×`);
export const secs = (s, digits = 2) => `${s.toFixed(digits)} s`;
export const window = ({ limit, windowMs }) => `${int(limit)} / ${windowMs >= 1000 && windowMs % 1000 === 0 ? `${windowMs / 1000} s` : `${int(windowMs)} ms`}`;
/** A Markdown table; a column whose every cell starts with a number is right-aligned. */
export const table = (head, rows) => {
  const numeric = head.map((_, i) => rows.length > 0 && rows.every((r) => /^\**[\d.,–-]/.test(r[i])));
  return [`| ${head.join(" | ")} |`, `|${numeric.map((n) => (n ? "---:" : "---")).join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
};
/** The vendors an item left out, and why: lines to end its section with (none when it left none out). */
export const skippedLines = (skipped = []) => (skipped.length ? ["", `Not measured: ${skipped.map((x) => `${x.vendor} (${x.reason})`).join("; ")}.`] : []);
