// listAppointments' filters as options: each vendor package declares its own (`listFilters` on its environment), and
// the CLI offers each as the kebab-case option of its name (calendarId → --calendar-id), checked against the vendor.
import type { ListFilter } from "@crmkit/core/scheduling";
import { UsageError } from "./usage.js";
import { cliVendor, cliVendors } from "./vendors.js";

/** calendarId → calendar-id; userId[1] → user-id. */
export const optionName = (field: string) => field.replace(/\[\d+\]$/, "").replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

const filtersOf = (vendor: string): readonly ListFilter[] => cliVendor(vendor)?.environment.listFilters ?? [];

/** Every vendor's filters, by option name, with the vendors that take each. */
export const filterOptions: ReadonlyMap<string, { name: string; vendors: string[] }> = (() => {
  const options = new Map<string, { name: string; vendors: string[] }>();
  for (const { vendor, scheduling } of cliVendors) {
    if (!scheduling) continue;
    for (const filter of filtersOf(vendor)) {
      const option = options.get(optionName(filter.name)) ?? { name: filter.name, vendors: [] };
      option.vendors.push(vendor);
      options.set(optionName(filter.name), option);
    }
  }
  return options;
})();

const describe = (f: ListFilter) => `--${optionName(f.name)}${f.many ? " (repeatable)" : ""}: ${f.description}`;

/** "--location-id: the location …", a line per filter of the vendor, for the help. */
export const describeFilters = (vendor: string, separator: string) => filtersOf(vendor).map(describe).join(separator);

/** What the vendor's filter `field` is (`userId[1]` is userId), when it is one of its filters. */
export function describeFilter(vendor: string, field: string): string | undefined {
  const filter = filtersOf(vendor).find((f) => f.name === field.replace(/\[\d+\]$/, ""));
  return filter && `${vendor} ${describe(filter)}`;
}

/**
 * The query fields of the filter options given (`values` as parseArgs read them, each a list): a filter the vendor does
 * not take, or several values where it takes one, is a UsageError. The values themselves are the adapter's to check.
 */
export function filtersFor(vendor: string, values: Record<string, unknown>): Record<string, string | string[]> {
  const own = filtersOf(vendor);
  const query: Record<string, string | string[]> = {};
  for (const [option, { name }] of filterOptions) {
    const given = values[option] as string[] | undefined;
    if (!given?.length) continue;
    const filter = own.find((f) => f.name === name);
    const theirs = own.map((f) => `--${optionName(f.name)}`).join(", ");
    if (!filter) throw new UsageError(`--${option} is not a filter of ${vendor} (its filters: ${theirs || "none"})`, `Run \`crmkit list --help\` for each vendor's filters.`);
    if (!filter.many && given.length > 1) throw new UsageError(`--${option} takes one value for ${vendor}, got ${given.length}`);
    query[name] = filter.many ? given : given[0]!;
  }
  return query;
}
