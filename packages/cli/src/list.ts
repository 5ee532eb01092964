// crmkit list --vendor v --from iso --to iso [filters] [--format csv|json] [--out file] [--mock] [--page-size N]: the
// appointments that start in the window, written as they arrive (the vendor's pages followed as they are read).
import { createWriteStream } from "node:fs";
import { resolve } from "node:path";
import { Transform } from "node:stream";
import { parseArgs } from "node:util";
import { type Appointment, type ListAppointmentsInput, ValidationError } from "crmkit";
import { type CliIo, countOption, stopExit, validatorFor } from "./bulk-command.js";
import { type Destination, csvEncoder } from "./csv.js";
import { connect, describeTargets, missingCredentials, openTargets, schedulingVendors } from "./env.js";
import { type RecordWriter, recordWriter } from "./journal.js";
import { describeFilter, filterOptions, filtersFor, optionName } from "./list-filters.js";
import { listUsage } from "./list-usage.js";
import { checkOut } from "./preflight.js";
import { UsageError, reportUsage, usageFromParseArgs } from "./usage.js";

export { listUsage };

/** The CSV's columns: the appointment's fields, times in UTC ISO 8601 (the vendor's record is only in the JSON). */
export const LIST_COLUMNS = ["vendor", "id", "start", "end", "status", "title", "calendarId", "contactId", "assignedUserId", "createdAt", "updatedAt"] as const;

const FORMATS = ["csv", "json"] as const;

function options(args: string[]) {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        vendor: { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        format: { type: "string", default: "csv" },
        out: { type: "string", short: "o" },
        mock: { type: "boolean", default: false },
        "page-size": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
        ...Object.fromEntries([...filterOptions.keys()].map((option) => [option, { type: "string" as const, multiple: true as const }])),
      },
    }));
  } catch (error) {
    throw usageFromParseArgs(error);
  }
  if (values.help) return { help: true as const };
  for (const name of ["vendor", "from", "to"]) if (values[name] === undefined) throw new UsageError(`--${name} is required`);
  const vendor = (values.vendor as string).toLowerCase();
  if (!schedulingVendors.includes(vendor)) throw new UsageError(`unknown vendor "${values.vendor as string}": expected one of ${schedulingVendors.join(", ")}`);
  const format = values.format as string;
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be ${FORMATS.join(" or ")}, got "${format}"`);
  const query = { vendor, from: values.from as string, to: values.to as string, ...filtersFor(vendor, values) };
  return { help: false as const, query, format: format as (typeof FORMATS)[number], out: values.out as string | undefined, mock: values.mock as boolean, pageSize: countOption(values, "page-size") };
}

/** The query and page size as the facade checks them, sending nothing: a ValidationError becomes a UsageError naming the option. */
function checkQuery(io: CliIo, query: { vendor: string }, pageSize: number | undefined) {
  try {
    validatorFor(io.env).crm.scheduling.listAppointments(query as ListAppointmentsInput, { pageSize });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new UsageError(`--${optionName(error.field)}: ${error.message}`, describeFilter(query.vendor, error.field));
  }
}

const iso = (date: Date | undefined) => date?.toISOString();
const csvCells = (a: Appointment<string>) =>
  LIST_COLUMNS.map((column) => {
    const value = a[column];
    return value instanceof Date ? iso(value) : (value ?? "");
  });

/** NDJSON: one appointment (its `raw` record included) per line; dates as ISO 8601 strings. */
const jsonLines = () =>
  new Transform({
    writableObjectMode: true,
    transform: (appointment: Appointment<string>, _encoding, done) => done(null, `${JSON.stringify(appointment)}\n`),
  });

/** CSV (the header row first, every cell neutralised) or NDJSON, to the --out file or stdout. */
function appointmentWriter(format: "csv" | "json", destination: Destination, owned: boolean, onError: (error: Error) => void): RecordWriter<Appointment<string>> {
  if (format === "json") return recordWriter(destination, owned, jsonLines(), (a: Appointment<string>) => a, onError);
  const writer = recordWriter(destination, owned, csvEncoder(), (r: Appointment<string> | readonly string[]) => ("vendor" in r ? csvCells(r) : r), onError);
  writer.record(LIST_COLUMNS);
  return writer;
}

export async function listCommand(args: string[], io: CliIo): Promise<number> {
  let opts: ReturnType<typeof options>;
  try {
    opts = options(args);
    if (opts.help) return io.stdout.write(listUsage), 0;
    checkQuery(io, opts.query, opts.pageSize);
    if (opts.out !== undefined) await checkOut(resolve(io.cwd, opts.out), opts.out);
    const missing = opts.mock ? [] : missingCredentials(io.env, [opts.query.vendor]);
    if (missing.length) {
      throw new UsageError(`${opts.query.vendor} is not configured: set ${missing[0]!.variables.join(", ")}`, "Nothing was sent. Or use --mock to list from a local mock server.");
    }
  } catch (error) {
    if (error instanceof UsageError) return reportUsage(io.stderr, "list", error);
    throw error;
  }
  return list(opts, io);
}

async function list(opts: Exclude<ReturnType<typeof options>, { help: true }>, io: CliIo): Promise<number> {
  const say = (line: string) => io.stderr.write(`crmkit list: ${line}\n`);
  const { vendor } = opts.query;
  const { targets, close } = await openTargets(io.env, [vendor], opts.mock);
  const onError = (error: Error) => say(`cannot write ${opts.out ?? "the output"}: ${error.message}; listing stopped`);
  const output = opts.out ? appointmentWriter(opts.format, createWriteStream(resolve(io.cwd, opts.out)), true, onError) : appointmentWriter(opts.format, io.stdout, false, onError);
  let count = 0;
  let failure: Error | undefined;
  try {
    const { crm } = connect(io.env, targets, io.fetch);
    say(`listing ${describeTargets(targets)} from ${opts.query.from} to ${opts.query.to}`);
    for await (const appointment of crm.scheduling.listAppointments(opts.query as ListAppointmentsInput, { signal: io.signal, pageSize: opts.pageSize })) {
      count++;
      if (!output.record(appointment)) await output.drained();
      if (output.error) break;
    }
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
  } finally {
    await output.close();
    await close();
  }
  const where = opts.out ? ` to ${opts.out}` : "";
  if (io.signal?.aborted) return say(`stopped by ${String(io.signal.reason)}: ${count} appointment(s) written${where}; the listing is not complete`), stopExit(io.signal.reason);
  if (failure) return say(`${failure.name}: ${failure.message} (after ${count} appointment(s) written${where}; the listing is not complete)`), 1;
  if (output.error) return 1;
  say(`${count} appointment(s)${where}`);
  return 0;
}
