// Sections of `--help` that every command that reaches the vendors shares: the environment variables, and (for the
// bulk commands) the options, signals and exit statuses common to them.
import { credentialVariables, schedulingVendors } from "./env.js";

/** "  leadconnector  HIGHLEVEL_TOKEN (optional: …); HIGHLEVEL_BASE_URL for another host", a line per scheduling vendor. */
export const environmentHelp = (): string =>
  `Environment (real APIs):
${Object.entries(credentialVariables)
  .filter(([vendor]) => schedulingVendors.includes(vendor))
  .map(([vendor, v]) => `  ${vendor.padEnd(14)} ${v.required.join(", ")}${v.optional.length ? ` (optional: ${v.optional.join(", ")})` : ""}; ${v.baseUrl} for another host`)
  .join("\n")}
`;

/** The options, signals and exit statuses of a bulk command; `statuses` lists the results' statuses, `past` says what ok means. */
export const bulkHelp = ({ statuses, past, own = [] }: { statuses: string; past: string; own?: string[] }): string => `  --out          results file: one row per input row, written as the run goes (status ${statuses});
                 cells a spreadsheet would run as a formula get a leading '
  --resume       read --out from an earlier run and send only its rows that are not settled (${past})
  --dry-run      check everything and write what would be sent; send nothing (no credentials needed)
  --mock         send to local mock servers (@crmkit/mock's Prism, or a vendor's base URL below)
  --concurrency  requests in flight per vendor (default 4)
${own.map((line) => `${line}\n`).join("")}  --grace-period seconds calls in flight may take to finish after SIGTERM, SIGINT or SIGHUP (default 5)

${environmentHelp()}
SIGTERM, SIGINT (Ctrl-C) or SIGHUP: nothing more is sent, calls in flight get the grace period, every row still gets
its outcome (unsent rows "not-sent"), and the run exits 128 + the signal number. A second signal ends the grace period.
`;
