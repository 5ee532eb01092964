// crmkit reschedule --file moves.csv [--dry-run] [--out results.csv] [--mock] [--concurrency N] [--chunk-size N]
import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { type RescheduleInput, type RescheduleOutcome, type SchedulingVendor, VendorNotConfiguredError } from "crmkit";
import { type Env, type Fetch, type Target, connect, credentialVariables, describeTargets, liveTargets, schedulingVendors } from "./env.js";
import { type Output, progressReporter } from "./progress.js";

export interface CliIo {
  stdout: Output;
  stderr: Output;
  env: Env;
  cwd: string;
  /** Transport for every vendor call (tests inject one); default: the global fetch. */
  fetch?: Fetch;
  /** Aborts the run (Ctrl-C): unfinished rows fail with AbortError, results are still written. */
  signal?: AbortSignal;
}

export const rescheduleUsage = `usage: crmkit reschedule --file moves.csv [--out results.csv] [--dry-run] [--mock] [--concurrency N] [--chunk-size N]

Reads rows of vendor,appointmentId,start,end (a header row with those names is optional), validates every row, and
only if all are valid moves them: LeadSquared rows in bulk calls, the others ${"`--concurrency`"} at a time per vendor.
Writes one result row per input row to --out (default: stdout).

  vendor         leadconnector | leadsquared | onelink
  appointmentId  HighLevel event id, LeadSquared UserTaskId (GUID), One-Link appointment id (integer)
  start, end     ISO 8601 with an offset, e.g. 2026-03-08T09:30:00-05:00

  --dry-run      validate and show what would be sent; send nothing
  --mock         send to local Prism mock servers (@crmkit/mock) instead of the real APIs
  --concurrency  requests in flight per vendor (default 4)
  --chunk-size   LeadSquared moves per bulk call (default 50)

Credentials (real APIs):
${Object.entries(credentialVariables)
  .filter(([vendor]) => schedulingVendors.includes(vendor))
  .map(([vendor, v]) => `  ${vendor.padEnd(14)} ${v.required.join(", ")}${v.optional.length ? ` (optional: ${v.optional.join(", ")})` : ""}; ${v.baseUrl} for another host`)
  .join("\n")}

Exit status: 0 every row moved (or valid, with --dry-run); 1 a row was invalid (nothing sent) or failed; 2 usage.
`;

const COLUMNS = ["vendor", "appointmentId", "start", "end"] as const;
const RESULT_COLUMNS = ["line", "vendor", "appointmentId", "start", "end", "status", "sentStart", "sentEnd", "jobId", "error"];

interface Row {
  line: number;
  input: RescheduleInput;
}

class UsageError extends Error {}

function options(args: string[]) {
  try {
    const { values } = parseArgs({
      args,
      options: {
        file: { type: "string", short: "f" },
        out: { type: "string", short: "o" },
        "dry-run": { type: "boolean", default: false },
        mock: { type: "boolean", default: false },
        concurrency: { type: "string" },
        "chunk-size": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    const count = (name: "concurrency" | "chunk-size") => {
      const raw = values[name];
      if (raw === undefined) return undefined;
      if (!/^[1-9]\d*$/.test(raw)) throw new UsageError(`--${name} must be a positive integer, got "${raw}"`);
      return Number(raw);
    };
    return { ...values, concurrency: count("concurrency"), chunkSize: count("chunk-size") };
  } catch (error) {
    throw error instanceof UsageError ? error : new UsageError((error as Error).message);
  }
}

/** CSV rows with their line numbers; a header row (vendor,appointmentId,start,end in any order) is optional. */
function readRows(text: string, file: string): { rows: { line: number; cells: Record<string, string | undefined> }[]; errors: string[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true, info: true, bom: true }) as unknown as typeof records;
  } catch (error) {
    const e = error as Error & { lines?: number };
    return { rows: [], errors: [`${file}: line ${e.lines ?? "?"}: ${e.message}`] };
  }
  const first = records[0]?.record.map((c) => c.toLowerCase());
  const header = first && COLUMNS.every((c) => first.includes(c.toLowerCase())) ? first : undefined;
  if (!header && first?.includes("vendor")) {
    return { rows: [], errors: [`line ${records[0]!.info.lines}: a header row needs the columns ${COLUMNS.join(", ")} (in any order)`] };
  }
  const order = header ? COLUMNS.map((c) => header.indexOf(c.toLowerCase())) : [0, 1, 2, 3];
  const errors: string[] = [];
  const rows = (header ? records.slice(1) : records).flatMap(({ record, info }) => {
    const expected = header ? header.length : COLUMNS.length;
    if (record.length !== expected) {
      errors.push(`line ${info.lines}: expected ${expected} columns (${header ? header.join(",") : COLUMNS.join(",")}), got ${record.length}`);
      return [];
    }
    return [{ line: info.lines, cells: Object.fromEntries(COLUMNS.map((c, i) => [c, record[order[i]!]])) }];
  });
  return { rows, errors };
}

/** The CLI user configures vendors with environment variables, not createCrmkit: say which ones. */
function rowError(error: unknown): string {
  if (error instanceof VendorNotConfiguredError) {
    const names = credentialVariables[error.vendor]?.required.join(" and ");
    if (!names) return error.message;
    return `${error.vendor} is not configured: set ${names} (or use --mock)`;
  }
  return error instanceof Error ? error.message : String(error);
}

export async function rescheduleCommand(args: string[], io: CliIo): Promise<number> {
  let opts: ReturnType<typeof options>;
  try {
    opts = options(args);
    if (opts.help) return io.stdout.write(rescheduleUsage), 0;
    if (!opts.file) throw new UsageError("--file is required");
  } catch (error) {
    io.stderr.write(`crmkit reschedule: ${(error as Error).message}\n\n${rescheduleUsage}`);
    return 2;
  }
  const file = opts.file;
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), "utf8");
  } catch (error) {
    io.stderr.write(`crmkit reschedule: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return 2;
  }

  const parsed = readRows(text, file);
  const errors = parsed.errors;
  if (!errors.length && !parsed.rows.length) errors.push(`${file} has no rows to move`);

  // Validate every row before anything is sent (and before any mock server starts): prepareReschedule needs no network.
  const validationTargets = opts.mock
    ? Object.fromEntries(schedulingVendors.map((v) => [v, { kind: "mock", url: "http://127.0.0.1:9" } satisfies Target]))
    : liveTargets(io.env, schedulingVendors);
  const validator = connect(io.env, validationTargets, io.fetch).crm;
  const rows: Row[] = [];
  for (const { line, cells } of parsed.rows) {
    const input = { vendor: cells.vendor?.toLowerCase(), appointmentId: cells.appointmentId, start: cells.start, end: cells.end } as RescheduleInput;
    try {
      validator.scheduling.prepareReschedule(input);
      rows.push({ line, input });
    } catch (error) {
      errors.push(`line ${line}: ${rowError(error)}`);
    }
  }
  if (errors.length) {
    const bad = errors.length === 1 ? "1 problem" : `${errors.length} problems`;
    io.stderr.write(`crmkit reschedule: ${file}: ${bad}, nothing was sent:\n${errors.map((e) => `  ${e}\n`).join("")}`);
    return 1;
  }

  const vendors = [...new Set(rows.map((r) => r.input.vendor))];
  if (opts["dry-run"]) {
    const results = rows.map(({ line, input }) => {
      const move = validator.scheduling.prepareReschedule(input);
      return resultRow(line, input, "valid", move.sent.start, move.sent.end);
    });
    await writeResults(io, opts.out, results);
    io.stderr.write(`crmkit reschedule: dry run: ${rows.length} row(s) valid for ${vendors.join(", ")}; nothing was sent\n`);
    return 0;
  }

  const mock = opts.mock ? await import("@crmkit/mock") : undefined;
  const servers = mock ? await mock.startMocks(vendors) : [];
  try {
    const targets: Partial<Record<string, Target>> = mock
      ? Object.fromEntries(servers.map((s) => [s.vendor, { kind: "mock", url: s.url }]))
      : liveTargets(io.env, vendors);
    const { crm } = connect(io.env, targets, io.fetch);
    io.stderr.write(`crmkit reschedule: ${rows.length} row(s) to ${describeTargets(targets)}\n`);
    if (mock && vendors.includes("leadsquared")) io.stderr.write("crmkit reschedule: mock servers: LeadSquared's bulk limit (1 call per 5 s) is lifted\n");

    const started = Date.now();
    const progress = progressReporter(io.stderr, "reschedule", rows.length);
    let outcomes: RescheduleOutcome[];
    try {
      outcomes = await crm.scheduling.rescheduleMany(
        rows.map((r) => r.input),
        { concurrency: opts.concurrency, chunkSize: opts.chunkSize, signal: io.signal, onProgress: progress.update },
      );
    } finally {
      progress.stop();
    }
    const results = outcomes.map((o, i) =>
      o.ok
        ? resultRow(rows[i]!.line, o.item, "ok", o.result.sent.start, o.result.sent.end, o.result.jobId)
        : resultRow(rows[i]!.line, o.item, "failed", "", "", "", `${o.error.name}: ${o.error.message}`),
    );
    await writeResults(io, opts.out, results);
    const failed = outcomes.filter((o) => !o.ok).length;
    io.stderr.write(
      `crmkit reschedule: ${outcomes.length - failed} moved, ${failed} failed, in ${((Date.now() - started) / 1000).toFixed(1)} s${opts.out ? `; results in ${opts.out}` : ""}\n`,
    );
    return failed ? 1 : 0;
  } finally {
    await Promise.all(servers.map((s) => s.close()));
  }
}

function resultRow(line: number, input: RescheduleInput, status: string, sentStart: string, sentEnd: string, jobId = "", error = "") {
  const text = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v ?? ""));
  return [line, input.vendor, text(input.appointmentId), text(input.start), text(input.end), status, sentStart, sentEnd, jobId, error];
}

async function writeResults(io: CliIo, out: string | undefined, rows: unknown[][]) {
  const csv = stringify([RESULT_COLUMNS, ...rows]);
  if (out) await writeFile(resolve(io.cwd, out), csv);
  else io.stdout.write(csv);
}

