// A bulk command (`crmkit reschedule`, `crmkit cancel`): its input file checked before the first request, its rows sent,
// every outcome journaled as it arrives, stopped cleanly by a signal, resumable. The operation says what a row does.
import { constants as os } from "node:os";
import { parseArgs } from "node:util";
import type { SchedulingAdapter } from "crmkit";
import { type Connection, type Env, type Fetch, type Target, connect, describeTargets, openTargets, schedulingVendors } from "./env.js";
import { type Journal, createJournal, resultColumns, resumeJournal } from "./journal.js";
import { BOUND_WORTH_SAYING_MS, describeFloor, describeLimit, formatDuration, limitFloor } from "./limits.js";
import type { BulkOperation, Validator } from "./operation.js";
import { BadRows, type Plan, preflight } from "./preflight.js";
import { type Output, progressReporter } from "./progress.js";
import { type Tally, fileRows, sendRows, unsentRow } from "./send.js";
import { UsageError, reportUsage, usageFromParseArgs } from "./usage.js";
import { UNUSED_BASE_URL, cliVendor } from "./vendors.js";

export interface CliIo {
  stdout: Output;
  stderr: Output;
  env: Env;
  cwd: string;
  /** Transport for every vendor call (tests inject one); default: the global fetch. */
  fetch?: Fetch;
  /** Stops the run (SIGTERM, SIGINT, SIGHUP; the reason is the signal's name): nothing more is sent, calls in flight get the grace period. */
  signal?: AbortSignal;
  /** Ends the grace period at once (a second signal). */
  interrupt?: AbortSignal;
}

const DEFAULT_GRACE_S = 5;

/** "--concurrency must be a positive integer": a count option's value, or undefined when it is not given. */
export function countOption(values: Record<string, unknown>, name: string, zero = false): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== "string" || !(zero ? /^\d+$/ : /^[1-9]\d*$/).test(raw)) throw new UsageError(`--${name} must be a ${zero ? "whole number" : "positive integer"}, got "${raw}"`);
  return Number(raw);
}

function options(operation: BulkOperation, args: string[]) {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        file: { type: "string", short: "f" },
        out: { type: "string", short: "o" },
        resume: { type: "boolean", default: false },
        "dry-run": { type: "boolean", default: false },
        mock: { type: "boolean", default: false },
        concurrency: { type: "string" },
        "grace-period": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
        ...Object.fromEntries((operation.countOptions ?? []).map((name) => [name, { type: "string" as const }])),
      },
    }));
  } catch (error) {
    throw usageFromParseArgs(error);
  }
  const counts = Object.fromEntries((operation.countOptions ?? []).map((name) => [name, countOption(values, name)]));
  const parsed = {
    file: values.file as string | undefined,
    out: values.out as string | undefined,
    resume: values.resume as boolean,
    dryRun: values["dry-run"] as boolean,
    mock: values.mock as boolean,
    help: values.help as boolean,
    concurrency: countOption(values, "concurrency") ?? 4,
    graceMs: (countOption(values, "grace-period", true) ?? DEFAULT_GRACE_S) * 1000,
    counts,
  };
  if (!parsed.help && !parsed.file) throw new UsageError(`--file is required (the CSV of ${operation.words.rows})`);
  return parsed;
}
type Options = ReturnType<typeof options>;

/** A stopped run exits 128 + the signal's number, as a shell reports a process the signal ended. */
export const stopExit = (reason: unknown) => (typeof reason === "string" && reason in os.signals ? 128 + os.signals[reason as keyof typeof os.signals] : 130);

/** Every scheduling vendor on placeholder credentials, settings from the env: checks rows, sends nothing. */
export function validatorFor(env: Env): Validator {
  const { crm, adapters } = connect(env, Object.fromEntries(schedulingVendors.map((v) => [v, { kind: "mock", url: UNUSED_BASE_URL } satisfies Target])));
  return { crm, adapter: (vendor) => adapters[vendor] as SchedulingAdapter };
}

export async function bulkCommand(operation: BulkOperation, args: string[], io: CliIo): Promise<number> {
  const { command } = operation;
  let opts: Options;
  try {
    opts = options(operation, args);
    if (opts.help) return io.stdout.write(operation.usage), 0;
  } catch (error) {
    if (error instanceof UsageError) return reportUsage(io.stderr, command, error);
    throw error;
  }
  const say = (line: string) => io.stderr.write(`crmkit ${command}: ${line}\n`);
  const validator = validatorFor(io.env);
  let plan: Plan;
  try {
    plan = await preflight({ operation, file: opts.file!, out: opts.out, resume: opts.resume, credentialsNeeded: !opts.dryRun && !opts.mock, env: io.env, cwd: io.cwd, validator });
  } catch (error) {
    if (error instanceof UsageError) return reportUsage(io.stderr, command, error);
    if (!(error instanceof BadRows)) throw error;
    say(`${opts.file}: ${error.message}, nothing was sent:\n${error.problems.map((p) => `  ${p}`).join("\n")}`);
    return 1;
  }
  const rows = [...plan.toSend.values()].reduce((a, b) => a + b, 0);
  const { past } = operation.words;
  const already = plan.settled.size ? `; ${plan.settled.size} already ${past} by the earlier run, not sent again` : "";
  const columns = resultColumns(operation.columns, operation.outcomeColumns);

  if (opts.dryRun) {
    // A dry run of a resume shows what the resume would send, and leaves the results being resumed alone.
    const journal = createJournal(opts.out && !opts.resume ? { path: plan.out! } : { stream: io.stdout }, columns, () => {});
    for await (const row of fileRows(operation, plan.file, plan.settled)) {
      if (!journal.record(unsentRow(row, "valid", operation.check(row.input, validator)))) await journal.drained();
    }
    await journal.close();
    if (journal.error) return say(`cannot write the results: ${journal.error.message}`), 1;
    say(`dry run: ${rows} row(s) valid for ${[...plan.toSend.keys()].join(", ")}${already}; nothing was sent`);
    return 0;
  }

  if (!rows) return say(`nothing to send: ${opts.out} records every row of ${opts.file} as ${past}`), 0;
  const vendors = [...plan.toSend.keys()];
  const { targets, close } = await openTargets(io.env, vendors, opts.mock);
  try {
    const connection = connect(io.env, targets, io.fetch);
    say(`${rows} row(s) to ${describeTargets(targets)}${already}`);
    const boundBy = announceLimits(operation, opts, plan, connection, say);
    if (plan.cutShort) say(`the last line of ${opts.out} (line ${plan.cutShort}) was cut short when the earlier run was killed: ignored, its row is sent again`);
    return await run(operation, opts, plan, connection, io, { rows, columns, boundBy }, say);
  } finally {
    await close();
  }
}

/** Says, before the first request, how long the documented limits make the run at the least; returns what bounds it. */
function announceLimits(operation: BulkOperation, opts: Options, plan: Plan, { targets }: Connection, say: (line: string) => void): string | undefined {
  if (opts.mock) {
    say("mock servers: no vendor rate limit applies");
    return undefined;
  }
  let bound: { ms: number; text: string } | undefined;
  for (const [vendor, count] of plan.toSend) {
    const found = cliVendor(vendor);
    const floor = found && targets[vendor]?.kind === "live" ? limitFloor(found, count, operation.batchSize(vendor, opts.counts)) : undefined;
    if (!floor || floor.ms < BOUND_WORTH_SAYING_MS) continue;
    say(describeFloor(floor, count));
    if (!bound || floor.ms > bound.ms) bound = { ms: floor.ms, text: `${vendor}'s documented limit, ${describeLimit(floor.limit)}` };
  }
  return bound?.text;
}

interface RunShape {
  rows: number;
  columns: readonly string[];
  boundBy?: string;
}

async function run(operation: BulkOperation, opts: Options, plan: Plan, { crm }: Connection, io: CliIo, shape: RunShape, say: (line: string) => void) {
  const started = Date.now();
  const onJournalError = (error: Error) => say(`cannot write ${opts.out ?? "the results"}: ${error.message}; sending stopped`);
  const journal: Journal = !plan.out
    ? createJournal({ stream: io.stdout }, shape.columns, onJournalError)
    : opts.resume
      ? await resumeJournal(plan.out, { columns: shape.columns, settled: operation.settled }, plan.settled, onJournalError)
      : createJournal({ path: plan.out }, shape.columns, onJournalError);
  const progress = progressReporter(io.stderr, operation.command, shape.rows, shape.boundBy ? { boundBy: shape.boundBy } : {});
  const onStop = () =>
    say(`${String(io.signal!.reason)}: stopping; nothing more is sent, calls in flight have ${opts.graceMs / 1000} s to finish (signal again to stop them now)`);
  io.signal?.addEventListener("abort", onStop, { once: true });
  let done = 0,
    failed = 0;
  let tally: Tally;
  try {
    tally = await sendRows({
      operation,
      crm,
      file: plan.file,
      batchSizes: new Map([...plan.toSend.keys()].map((v) => [v, operation.batchSize(v, opts.counts)])),
      concurrency: opts.concurrency,
      skip: plan.settled,
      journal,
      onOutcome: (row) => progress.update({ done: ++done, failed: (failed += operation.settled.includes(row.status) ? 0 : 1), total: shape.rows }),
      stop: io.signal,
      interrupt: io.interrupt,
      graceMs: opts.graceMs,
    });
  } finally {
    io.signal?.removeEventListener("abort", onStop);
    progress.stop();
    await journal.close();
  }
  const stopped = io.signal?.aborted ? `stopped by ${String(io.signal.reason)}: ` : "";
  const took = Date.now() - started;
  say(`${stopped}${describeTally(operation, tally)}, in ${took < 60_000 ? `${(took / 1000).toFixed(1)} s` : formatDuration(took)}${plan.out ? `; results in ${opts.out}` : ""}`);
  if (journal.error) return 1;
  const unsettled = Object.entries(tally).some(([status, n]) => n > 0 && !operation.settled.includes(status));
  if (plan.out && unsettled) say(`run again with --resume to send the rows that were not ${operation.words.past} (${opts.out} keeps the ones that were)`);
  if (stopped) return stopExit(io.signal!.reason);
  return unsettled ? 1 : 0;
}

/** "4 moved, 0 failed, 2 interrupted": ok and failed always, the others when there are any. */
function describeTally(operation: BulkOperation, tally: Tally): string {
  const named = (status: string) => (status === "ok" ? operation.words.past : status === "not-sent" ? "not sent" : status.replace(/-/g, " "));
  const order = ["ok", ...operation.settled.filter((s) => s !== "ok"), "failed", "interrupted", "not-sent"];
  return order.filter((status) => status === "ok" || status === "failed" || tally[status]).map((status) => `${tally[status] ?? 0} ${named(status)}`).join(", ");
}
