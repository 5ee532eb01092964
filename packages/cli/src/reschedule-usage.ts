import { credentialVariables, schedulingVendors } from "./env.js";

export const rescheduleUsage = `usage: crmkit reschedule --file moves.csv [--out results.csv] [--resume] [--dry-run] [--mock]
                          [--concurrency N] [--chunk-size N] [--grace-period S]

Reads rows of vendor,appointmentId,start,end (a header row with those names is optional) and checks everything before
the first request: every row (all problems listed at once, by line and column), --out, and the credentials. Then moves
the rows, LeadSquared's in bulk calls, the others ${"`--concurrency`"} at a time per vendor, and appends each outcome to --out
(default: stdout) as it arrives.

  vendor         ${schedulingVendors.join(" | ")}
  appointmentId  HighLevel event id, LeadSquared UserTaskId (GUID), One-Link appointment id (integer)
  start, end     ISO 8601 with an offset, e.g. 2026-03-08T09:30:00-05:00

  --out          results file: one row per input row, written as the run goes (status ok | failed |
                 interrupted | not-sent | valid); cells a spreadsheet would run as a formula get a leading '
  --resume       read --out from an earlier run and send only its rows that are not ok
  --dry-run      check everything and write what would be sent; send nothing (no credentials needed)
  --mock         send to local mock servers (@crmkit/mock's Prism, or a vendor's base URL below)
  --concurrency  requests in flight per vendor (default 4)
  --chunk-size   LeadSquared moves per bulk call (default 50)
  --grace-period seconds calls in flight may take to finish after SIGTERM, SIGINT or SIGHUP (default 5)

Environment (real APIs):
${Object.entries(credentialVariables)
  .filter(([vendor]) => schedulingVendors.includes(vendor))
  .map(([vendor, v]) => `  ${vendor.padEnd(14)} ${v.required.join(", ")}${v.optional.length ? ` (optional: ${v.optional.join(", ")})` : ""}; ${v.baseUrl} for another host`)
  .join("\n")}

SIGTERM, SIGINT (Ctrl-C) or SIGHUP: nothing more is sent, calls in flight get the grace period, every row still gets
its outcome (unsent rows "not-sent"), and the run exits 128 + the signal number. A second signal ends the grace period.

Exit status: 0 every row moved (or valid, with --dry-run); 1 a row was invalid (nothing sent) or did not move;
2 usage or setup (options, files, credentials; nothing sent); 128+n stopped by signal n.
`;
