// crmkit reschedule --file moves.csv [--out results.csv] [--resume] [--dry-run] [--mock] [--concurrency N] [--chunk-size N]
import { constants as os } from "node:os";
import { parseArgs } from "node:util";
import type { RescheduleInput } from "crmkit";
import { type Connection, type Env, type Fetch, type Target, connect, describeTargets, liveTargets, mockTargets, schedulingVendors } from "./env.js";
import { type Journal, createJournal, resumeJournal } from "./journal.js";
import { BOUND_WORTH_SAYING_MS, describeFloor, describeLimit, formatDuration, limitFloor } from "./limits.js";
import { readMoves } from "./moves-file.js";
import { BadRows, type Plan, preflight } from "./preflight.js";
import { type Output, progressReporter } from "./progress.js";
import { rescheduleUsage } from "./reschedule-usage.js";
import { type Tally, sendMoves, unsentRow } from "./send.js";
import { UsageError, reportUsage, usageFromParseArgs } from "./usage.js";
import { cliVendors } from "./vendors.js";

export { rescheduleUsage };

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

function options(args: string[]) {
  let values;
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
        "chunk-size": { type: "string" },
        "grace-period": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    throw usageFromParseArgs(error);
  }
  const count = (name: "concurrency" | "chunk-size" | "grace-period", zero = false) => {
    const raw = values[name];
    if (raw === undefined) return undefined;
    if (!(zero ? /^\d+$/ : /^[1-9]\d*$/).test(raw)) throw new UsageError(`--${name} must be a ${zero ? "whole number" : "positive integer"}, got "${raw}"`);
    return Number(raw);
  };
  const parsed = { ...values, concurrency: count("concurrency") ?? 4, chunkSize: count("chunk-size"), graceMs: (count("grace-period", true) ?? DEFAULT_GRACE_S) * 1000 };
  if (!parsed.help && !parsed.file) throw new UsageError("--file is required (the CSV of moves)");
  return parsed;
}
type Options = ReturnType<typeof options>;

/** A stopped run exits 128 + the signal's number, as a shell reports a process the signal ended. */
const stopExit = (reason: unknown) => (typeof reason === "string" && reason in os.signals ? 128 + os.signals[reason as keyof typeof os.signals] : 130);

export async function rescheduleCommand(args: string[], io: CliIo): Promise<number> {
  let opts: Options;
  try {
    opts = options(args);
    if (opts.help) return io.stdout.write(rescheduleUsage), 0;
  } catch (error) {
    if (error instanceof UsageError) return reportUsage(io.stderr, "reschedule", error);
    throw error;
  }
  const say = (line: string) => io.stderr.write(`crmkit reschedule: ${line}\n`);
  // Validation needs no network and no credentials: every vendor on placeholder credentials, settings from the env.
  const validator = connect(io.env, Object.fromEntries(schedulingVendors.map((v) => [v, { kind: "mock", url: "http://127.0.0.1:9" } satisfies Target]))).crm;
  let plan: Plan;
  try {
    plan = await preflight({ file: opts.file!, out: opts.out, resume: opts.resume, credentialsNeeded: !opts["dry-run"] && !opts.mock, env: io.env, cwd: io.cwd, validator });
  } catch (error) {
    if (error instanceof UsageError) return reportUsage(io.stderr, "reschedule", error);
    if (!(error instanceof BadRows)) throw error;
    say(`${opts.file}: ${error.message}, nothing was sent:\n${error.problems.map((p) => `  ${p}`).join("\n")}`);
    return 1;
  }
  const rows = [...plan.toSend.values()].reduce((a, b) => a + b, 0);
  const already = plan.moved.size ? `; ${plan.moved.size} already moved by the earlier run, not sent again` : "";

  if (opts["dry-run"]) {
    // A dry run of a resume shows what the resume would send, and leaves the results being resumed alone.
    const journal = createJournal(opts.out && !opts.resume ? { path: plan.out! } : { stream: io.stdout }, () => {});
    for await (const m of readMoves(plan.file)) {
      if (!("cells" in m) || plan.moved.has(m.line)) continue;
      const row = { line: m.line, input: { ...m.cells, vendor: m.cells.vendor.toLowerCase() } as RescheduleInput };
      if (!journal.record(unsentRow(row, "valid", validator.scheduling.prepareReschedule(row.input).sent))) await journal.drained();
    }
    await journal.close();
    if (journal.error) return say(`cannot write the results: ${journal.error.message}`), 1;
    say(`dry run: ${rows} row(s) valid for ${[...plan.toSend.keys()].join(", ")}${already}; nothing was sent`);
    return 0;
  }

  if (!rows) return say(`nothing to send: ${opts.out} records every row of ${opts.file} as moved`), 0;
  const vendors = [...plan.toSend.keys()];
  const { targets, needPrism } = opts.mock ? mockTargets(io.env, vendors) : { targets: liveTargets(io.env, vendors), needPrism: [] };
  const servers = needPrism.length ? await (await import("@crmkit/mock")).startMocks(needPrism) : [];
  for (const s of servers) targets[s.vendor] = { kind: "mock", url: s.url };
  try {
    const connection = connect(io.env, targets, io.fetch);
    say(`${rows} row(s) to ${describeTargets(targets)}${already}`);
    const boundBy = announceLimits(opts, plan, connection, say);
    if (plan.cutShort) say(`the last line of ${opts.out} (line ${plan.cutShort}) was cut short when the earlier run was killed: ignored, its row is sent again`);
    return await run(opts, plan, connection, io, rows, boundBy, say);
  } finally {
    await Promise.all(servers.map((s) => s.close()));
  }
}

const batchSize = (opts: Options, vendor: string) => {
  const chunk = cliVendors.find((v) => v.vendor === vendor)?.chunkSize ?? 1;
  return chunk > 1 ? (opts.chunkSize ?? chunk) : 1;
};

/** Says, before the first request, how long the documented limits make the run at the least; returns what bounds it. */
function announceLimits(opts: Options, plan: Plan, { targets }: Connection, say: (line: string) => void): string | undefined {
  if (opts.mock) {
    say("mock servers: no vendor rate limit applies");
    return undefined;
  }
  let bound: { ms: number; text: string } | undefined;
  for (const [vendor, count] of plan.toSend) {
    const found = cliVendors.find((v) => v.vendor === vendor);
    const floor = found && targets[vendor]?.kind === "live" ? limitFloor(found, count, batchSize(opts, vendor)) : undefined;
    if (!floor || floor.ms < BOUND_WORTH_SAYING_MS) continue;
    say(describeFloor(floor, count));
    if (!bound || floor.ms > bound.ms) bound = { ms: floor.ms, text: `${vendor}'s documented limit, ${describeLimit(floor.limit)}` };
  }
  return bound?.text;
}

async function run(opts: Options, plan: Plan, { crm }: Connection, io: CliIo, rows: number, boundBy: string | undefined, say: (line: string) => void) {
  const started = Date.now();
  const onJournalError = (error: Error) => say(`cannot write ${opts.out ?? "the results"}: ${error.message}; sending stopped`);
  const journal: Journal = !plan.out
    ? createJournal({ stream: io.stdout }, onJournalError)
    : opts.resume
      ? await resumeJournal(plan.out, plan.moved, onJournalError)
      : createJournal({ path: plan.out }, onJournalError);
  const progress = progressReporter(io.stderr, "reschedule", rows, boundBy ? { boundBy } : {});
  const onStop = () =>
    say(`${String(io.signal!.reason)}: stopping; nothing more is sent, calls in flight have ${opts.graceMs / 1000} s to finish (signal again to stop them now)`);
  io.signal?.addEventListener("abort", onStop, { once: true });
  let done = 0,
    failed = 0;
  let tally: Tally;
  try {
    tally = await sendMoves({
      crm,
      file: plan.file,
      batchSizes: new Map([...plan.toSend.keys()].map((v) => [v, batchSize(opts, v)])),
      concurrency: opts.concurrency,
      skip: plan.moved,
      journal,
      onOutcome: (row) => progress.update({ done: ++done, failed: (failed += row.status === "ok" ? 0 : 1), total: rows }),
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
  const counts = [`${tally.ok} moved`, `${tally.failed} failed`, ...(tally.interrupted ? [`${tally.interrupted} interrupted`] : []), ...(tally["not-sent"] ? [`${tally["not-sent"]} not sent`] : [])];
  const took = Date.now() - started;
  say(`${stopped}${counts.join(", ")}, in ${took < 60_000 ? `${(took / 1000).toFixed(1)} s` : formatDuration(took)}${plan.out ? `; results in ${opts.out}` : ""}`);
  if (journal.error) return 1;
  if (plan.out && (tally.failed || tally.interrupted || tally["not-sent"])) say(`run again with --resume to send the rows that did not move (${opts.out} keeps the ones that did)`);
  if (stopped) return stopExit(io.signal!.reason);
  return tally.failed || tally.interrupted ? 1 : 0;
}
