import { schedulingVendors } from "./env.js";
import { environmentHelp } from "./help.js";
import { describeFilters } from "./list-filters.js";

export const listUsage = `usage: crmkit list --vendor V --from ISO --to ISO [filters] [--format csv|json] [--out FILE] [--mock]
                  [--page-size N]

Lists the appointments of one vendor that start in [--from, --to), following the vendor's pages as they are read, and
writes each as it arrives: nothing is held back, so a long listing can be piped, and Ctrl-C keeps what was written.
Everything is checked before the first request: the options, the filters (each vendor takes its own), --out, the
credentials.

  --vendor       ${schedulingVendors.join(" | ")}
  --from, --to   ISO 8601 with an offset, e.g. 2026-03-08T00:00:00-05:00 (--to not included)
  --format       csv (default): a header row, then vendor,id,start,end,status,title,calendarId,contactId,
                 assignedUserId,createdAt,updatedAt, times in UTC; cells a spreadsheet would run as a formula get a
                 leading '. json: NDJSON, one appointment per line, with the vendor's own record as "raw"
  --out          write to this file instead of stdout
  --mock         list from a local mock server (@crmkit/mock's Prism, or the vendor's base URL below)
  --page-size    appointments per page, on vendors whose listing has pages (the vendor's default otherwise)

Filters (repeat a repeatable one for several values):
${schedulingVendors.map((vendor) => `  ${vendor.padEnd(14)} ${describeFilters(vendor, `\n  ${" ".repeat(14)} `)}`).join("\n")}

${environmentHelp()}
SIGTERM, SIGINT (Ctrl-C) or SIGHUP stop the listing at once (the request in flight is aborted); what was written stays,
and the command exits 128 + the signal number.

Exit status: 0 listed; 1 the vendor answered with an error part-way (what came before it was written); 2 usage or setup
(options, filters, --out, credentials; nothing sent); 128+n stopped by signal n.
`;
