import { schedulingVendors } from "./env.js";
import { bulkHelp } from "./help.js";

export const cancelUsage = `usage: crmkit cancel --file ids.csv [--out results.csv] [--resume] [--dry-run] [--mock]
                      [--concurrency N] [--grace-period S]

Reads rows of vendor,appointmentId (a header row with those names is optional) and checks everything before the first
request: every row (all problems listed at once, by line and column), --out, and the credentials. Then cancels each
appointment the way its vendor documents it, ${"`--concurrency`"} at a time per vendor, and appends each outcome to --out
(default: stdout) as it arrives.

  vendor         ${schedulingVendors.join(" | ")}
  appointmentId  HighLevel event id, LeadSquared UserTaskId (GUID), One-Link appointment id (integer)

  HighLevel      the appointment's status becomes cancelled (via status-change); sending it again is harmless
  LeadSquared    the task is deleted (via delete: its only documented cancel), one bulk call per row, at most 1 per 5 s
  One-Link       its cancel call (via cancel-call); cancelling a cancelled appointment changes nothing

A row whose appointment the vendor does not have is "not-found": nothing is left to cancel (on LeadSquared, what a
second cancel of the same task answers, e.g. one whose call was in flight when an earlier run was killed). --resume
sends neither ok nor not-found rows again.

${bulkHelp({ statuses: "ok | not-found | failed | interrupted | not-sent | valid", past: "ok or not-found" })}
Exit status: 0 every row cancelled or not found (or valid, with --dry-run); 1 a row was invalid (nothing sent) or failed;
2 usage or setup (options, files, credentials; nothing sent); 128+n stopped by signal n.
`;
