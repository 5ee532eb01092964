// The results file as a journal: one row per outcome, appended and handed to the operating system as it arrives, so a
// run that is killed loses at most the outcomes of its last moment; `--resume` reads it back.
import { createWriteStream } from "node:fs";
import { rename } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Transform, Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { type Destination, csvEncoder, encodeTo, readCsvLines, restoreCell } from "./csv.js";

/**
 * The statuses every bulk command writes (a command adds its own, such as cancel's `not-found`):
 * - `ok`: the vendor accepted the row; `failed`: it answered with an error (or the row was refused before sending);
 * - `interrupted`: the call was still in flight when the run was stopped: the vendor may or may not have applied it;
 * - `not-sent`: the run stopped before sending it; `valid`: a dry run's row.
 */
export type ResultStatus = "ok" | "failed" | "interrupted" | "not-sent" | "valid" | (string & {});

/** One row of a results file: the input line, its status, and the command's other columns by name. */
export type ResultRow = { line: number; status: ResultStatus } & Record<string, string | number | undefined>;

/** The results file's columns for an input file of `columns`: line, the input's cells, status, then the outcome's. */
export const resultColumns = (columns: readonly string[], outcomeColumns: readonly string[]): readonly string[] => ["line", ...columns, "status", ...outcomeColumns];

export interface RecordWriter<R> {
  /** Appends the record; false when the file is behind (then `drained()` before writing much more, or records pile up in memory). */
  record(record: R): boolean;
  /** Resolves once what was recorded has gone on towards the file. */
  drained(): Promise<void>;
  /** The first write error, if any (then nothing more reaches the file: stop sending). */
  readonly error: Error | undefined;
  /** Writes what is left and closes the file (stdout stays open). */
  close(): Promise<void>;
}

/** A results file's writer. */
export type Journal = RecordWriter<ResultRow>;

/** Records go through `encoder` (`toChunk` makes what it takes of a record) to `destination`, which is closed with it when owned. */
export function recordWriter<R>(destination: Destination, ownsDestination: boolean, encoder: Transform, toChunk: (record: R) => unknown, onError: (error: Error) => void): RecordWriter<R> {
  const writer = encodeTo(encoder, destination, ownsDestination);
  let error: Error | undefined;
  let draining: Promise<void> | undefined;
  const fail = (e: Error) => {
    if (error) return;
    error = e;
    onError(e);
  };
  writer.on("error", fail);
  if (ownsDestination) (destination as Writable).on("error", fail);
  return {
    record: (record: R) => (error ? true : writer.write(toChunk(record))),
    drained() {
      if (error || !writer.writableNeedDrain) return Promise.resolve();
      // One listener, however many senders wait: the promise is shared until the writer drains.
      draining ??= new Promise<void>((resolve) => writer.once("drain", () => ((draining = undefined), resolve())));
      return draining;
    },
    get error() {
      return error;
    },
    async close() {
      writer.end();
      await finished(writer).catch(fail);
      if (ownsDestination) await finished(destination as Writable).catch(fail);
      else if ((destination as Writable).writableNeedDrain) await new Promise((resolve) => (destination as Writable).once("drain", resolve));
    },
  };
}

/** A results file's writer: one CSV record per row, the cells in `columns`' order. */
const journalOn = (destination: Destination, ownsDestination: boolean, columns: readonly string[], onError: (error: Error) => void): Journal =>
  recordWriter(destination, ownsDestination, csvEncoder(), (row: ResultRow) => columns.map((c) => row[c] ?? ""), onError);

/** A new results file (replacing any), or stdout: the header row, then every outcome as it arrives. */
export function createJournal(target: { path: string } | { stream: Destination }, columns: readonly string[], onError: (error: Error) => void): Journal {
  const destination = "path" in target ? createWriteStream(target.path) : target.stream;
  const journal = journalOn(destination, "path" in target, columns, onError);
  journal.record(Object.fromEntries(columns.map((c) => [c, c])) as unknown as ResultRow);
  return journal;
}

/** What an earlier run's results file says: the rows it settled, by input line. */
export interface PastResults {
  /** Input line → the row's vendor and appointmentId, for every row with a settled outcome (`ok`, …). */
  settled: Map<number, { vendor: string; appointmentId: string }>;
  /** A last line cut short (the run was killed while writing it): ignored; its row is sent again. */
  cutShort?: number;
}

export class JournalError extends Error {}

/** The results file's layout: its columns, and the statuses that settle a row (never sent again). */
export interface JournalLayout {
  columns: readonly string[];
  settled: readonly string[];
}

/** A row's cells as read back (neutralised cells restored), and what --resume needs of them. */
function readBack(cells: string[], { columns, settled }: JournalLayout) {
  const values = cells.map(restoreCell);
  const at = (name: string) => values[columns.indexOf(name)] ?? "";
  const line = Number(at("line"));
  const whole = values.length === columns.length && Number.isSafeInteger(line) && line >= 1;
  return { values, line, whole, settled: whole && settled.includes(at("status")), vendor: at("vendor"), appointmentId: at("appointmentId") };
}

/** Reads a results file written by crmkit (for `--resume`): every row it records as settled. */
export async function readJournal(path: string, layout: JournalLayout): Promise<PastResults> {
  const settled: PastResults["settled"] = new Map();
  let header = false;
  let damaged: number | undefined;
  for await (const row of readCsvLines(path)) {
    if (damaged !== undefined) throw new JournalError(`${basename(path)} line ${damaged} is damaged (only a last line cut short can be skipped)`);
    if (!header) {
      if (!("cells" in row) || row.cells.join(",") !== layout.columns.join(",")) {
        throw new JournalError(`${basename(path)} is not a crmkit results file of this command (its first line is not ${layout.columns.join(",")})`);
      }
      header = true;
      continue;
    }
    const read = readBack("cells" in row ? row.cells : [], layout);
    if (!read.whole) {
      damaged = row.line;
      continue;
    }
    if (read.settled && !settled.has(read.line)) settled.set(read.line, { vendor: read.vendor, appointmentId: read.appointmentId });
  }
  if (!header) throw new JournalError(`${basename(path)} is empty: not a crmkit results file`);
  return damaged === undefined ? { settled } : { settled, cutShort: damaged };
}

/**
 * For `--resume`: the results file rewritten with only its settled rows (one per input line; the rows that failed, were
 * interrupted or not sent are dropped, as they are about to be sent again), then opened to append the new outcomes.
 * The rewrite goes to a temporary file renamed over the old one, so a crash leaves one or the other whole.
 */
export async function resumeJournal(path: string, layout: JournalLayout, settled: PastResults["settled"], onError: (error: Error) => void): Promise<Journal> {
  const temporary = join(dirname(path), `.${basename(path)}.crmkit-resume`);
  const compacted = createJournal({ path: temporary }, layout.columns, () => {});
  const kept = new Set<number>();
  for await (const row of readCsvLines(path)) {
    if (!("cells" in row)) continue;
    const read = readBack(row.cells, layout);
    if (!read.settled || !settled.has(read.line) || kept.has(read.line)) continue;
    kept.add(read.line);
    if (!compacted.record(Object.fromEntries(layout.columns.map((c, i) => [c, read.values[i]])) as unknown as ResultRow)) await compacted.drained();
  }
  await compacted.close();
  if (compacted.error) throw compacted.error;
  await rename(temporary, path);
  return journalOn(createWriteStream(path, { flags: "a" }), true, layout.columns, onError);
}
