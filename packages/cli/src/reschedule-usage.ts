import { schedulingVendors } from "./env.js";
import { bulkHelp } from "./help.js";

export const rescheduleUsage = `usage: crmkit reschedule --file moves.csv [--out results.csv] [--resume] [--dry-run] [--mock]
                          [--concurrency N] [--chunk-size N] [--grace-period S]

Reads rows of vendor,appointmentId,start,end (a header row with those names is optional) and checks everything before
the first request: every row (all problems listed at once, by line and column), --out, and the credentials. Then moves
the rows, LeadSquared's in bulk calls, the others ${"`--concurrency`"} at a time per vendor, and appends each outcome to --out
(default: stdout) as it arrives.

  vendor         ${schedulingVendors.join(" | ")}
  appointmentId  HighLevel event id, LeadSquared UserTaskId (GUID), One-Link appointment id (integer)
  start, end     ISO 8601 with an offset, e.g. 2026-03-08T09:30:00-05:00

${bulkHelp({ statuses: "ok | failed | interrupted | not-sent | valid", past: "ok", own: ["  --chunk-size   LeadSquared moves per bulk call (default 50)"] })}
Exit status: 0 every row moved (or valid, with --dry-run); 1 a row was invalid (nothing sent) or did not move;
2 usage or setup (options, files, credentials; nothing sent); 128+n stopped by signal n.
`;
