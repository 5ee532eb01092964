// The results file as a journal: one row per outcome, appended and handed to the operating system as it arrives, so a
// run that is killed loses at most the outcomes of its last moment; `--resume` reads it back.
import { createWriteStream } from "node:fs";
import { rename } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { csvWriter, readCsvLines, restoreCell } from "./csv.js";

export const RESULT_COLUMNS = ["line", "vendor", "appointmentId", "start", "end", "status", "sentStart", "sentEnd", "jobId", "error"] as const;

/**
 * - `ok`: the vendor accepted the move; `failed`: it answered with an error (or the move was refused before sending);
 * - `interrupted`: the call was still in flight when the run was stopped: the vendor may or may not have applied it;
 * - `not-sent`: the run stopped before sending it; `valid`: a dry run's row.
 */
export type ResultStatus = "ok" | "failed" | "interrupted" | "not-sent" | "valid";

export interface ResultRow {
  line: number;
  vendor: string;
  appointmentId: string;
  start: string;
  end: string;
  status: ResultStatus;
  sentStart?: string;
  sentEnd?: string;
  jobId?: string;
  error?: string;
}

const toRecord = (row: ResultRow) => RESULT_COLUMNS.map((c) => row[c] ?? "");

export interface Journal {
  /** Appends the row; false when the file is behind (then `drained()` before writing much more, or rows pile up in memory). */
  record(row: ResultRow): boolean;
  /** Resolves once what was recorded has gone on towards the file. */
  drained(): Promise<void>;
  /** The first write error, if any (then nothing more reaches the file: stop sending). */
  readonly error: Error | undefined;
  /** Writes what is left and closes the file (stdout stays open). */
  close(): Promise<void>;
}

/** Where results go: a file the journal owns, or the command's stdout (a stream, or a test's collector). */
type Destination = Writable | { write(chunk: string): unknown };

function journalOn(destination: Destination, ownsDestination: boolean, onError: (error: Error) => void): Journal {
  const writer = csvWriter(destination, ownsDestination);
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
    record: (row) => (error ? true : writer.write(toRecord(row))),
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

/** A new results file (replacing any), or stdout: the header row, then every outcome as it arrives. */
export function createJournal(target: { path: string } | { stream: Destination }, onError: (error: Error) => void): Journal {
  const destination = "path" in target ? createWriteStream(target.path) : target.stream;
  const journal = journalOn(destination, "path" in target, onError);
  journal.record(Object.fromEntries(RESULT_COLUMNS.map((c) => [c, c])) as unknown as ResultRow);
  return journal;
}

/** What an earlier run's results file says: the rows already moved, by input line. */
export interface PastResults {
  /** Input line → the row's vendor and appointmentId, for every row with an `ok` outcome. */
  moved: Map<number, { vendor: string; appointmentId: string }>;
  /** A last line cut short (the run was killed while writing it): ignored; its row is sent again. */
  cutShort?: number;
}

export class JournalError extends Error {}

/** Reads a results file written by crmkit (for `--resume`): every row it records as `ok`. */
export async function readJournal(path: string): Promise<PastResults> {
  const moved: PastResults["moved"] = new Map();
  let header = false;
  let damaged: number | undefined;
  for await (const row of readCsvLines(path)) {
    if (damaged !== undefined) throw new JournalError(`${basename(path)} line ${damaged} is damaged (only a last line cut short can be skipped)`);
    if (!header) {
      if (!("cells" in row) || row.cells.join(",") !== RESULT_COLUMNS.join(",")) {
        throw new JournalError(`${basename(path)} is not a crmkit results file (its first line is not ${RESULT_COLUMNS.join(",")})`);
      }
      header = true;
      continue;
    }
    const cells = "cells" in row ? row.cells.map(restoreCell) : [];
    const line = Number(cells[0]);
    if (cells.length !== RESULT_COLUMNS.length || !Number.isSafeInteger(line) || line < 1) {
      damaged = row.line;
      continue;
    }
    if (cells[5] === "ok" && !moved.has(line)) moved.set(line, { vendor: cells[1]!, appointmentId: cells[2]! });
  }
  if (!header) throw new JournalError(`${basename(path)} is empty: not a crmkit results file`);
  return damaged === undefined ? { moved } : { moved, cutShort: damaged };
}

/**
 * For `--resume`: the results file rewritten with only its `ok` rows (one per input line; the rows of moves that
 * failed, were interrupted or not sent are dropped, as they are about to be sent again), then opened to append the new
 * outcomes. The rewrite goes to a temporary file renamed over the old one, so a crash leaves one or the other whole.
 */
export async function resumeJournal(path: string, moved: PastResults["moved"], onError: (error: Error) => void): Promise<Journal> {
  const temporary = join(dirname(path), `.${basename(path)}.crmkit-resume`);
  const compacted = createJournal({ path: temporary }, () => {});
  const kept = new Set<number>();
  for await (const row of readCsvLines(path)) {
    if (!("cells" in row)) continue;
    const cells = row.cells.map(restoreCell);
    const line = Number(cells[0]);
    if (cells[5] !== "ok" || !moved.has(line) || kept.has(line)) continue;
    kept.add(line);
    if (!compacted.record(Object.fromEntries(RESULT_COLUMNS.map((c, i) => [c, cells[i]])) as unknown as ResultRow)) await compacted.drained();
  }
  await compacted.close();
  if (compacted.error) throw compacted.error;
  await rename(temporary, path);
  return journalOn(createWriteStream(path, { flags: "a" }), true, onError);
}
