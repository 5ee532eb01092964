// Sends the rows of a bulk command's input file, streamed per vendor (each vendor reads the file for its own rows, so a
// slow vendor never holds back another), and journals every outcome as it arrives. A stop (a signal) ends the sending:
// calls in flight get a grace period, then are aborted; every row still gets an outcome.
import type { Crmkit } from "crmkit";
import type { Journal, ResultRow } from "./journal.js";
import type { BulkInput, BulkOperation, RowOutcome } from "./operation.js";
import { type RowCells, readRows } from "./rows-file.js";

export interface Row {
  line: number;
  /** The input file's cells (the vendor as the facade names it). */
  cells: RowCells;
  input: BulkInput;
}

export interface SendRequest {
  operation: BulkOperation;
  crm: Crmkit;
  file: string;
  /** Rows per call, by vendor with rows to send. */
  batchSizes: Map<string, number>;
  /** Calls in flight at once per vendor. */
  concurrency: number;
  /** Input lines an earlier run settled: skipped. */
  skip: ReadonlyMap<number, unknown>;
  journal: Journal;
  /** Called after every outcome. */
  onOutcome: (row: ResultRow) => void;
  /** Aborted: send nothing more; calls in flight get `graceMs` to finish. */
  stop?: AbortSignal;
  /** Aborted: end the grace period now. */
  interrupt?: AbortSignal;
  graceMs: number;
}

/** Rows by status (every status but a dry run's `valid`). */
export type Tally = Record<string, number>;

/** The result row of a row the run prepared but did not send (a dry run's `valid`, a stopped run's `not-sent`). */
export const unsentRow = (row: Row, status: "valid" | "not-sent", cells: Record<string, string | undefined> = {}): ResultRow => ({ ...cells, ...row.cells, line: row.line, status });

function outcomeRow(operation: BulkOperation, row: Row, outcome: RowOutcome, interrupted: boolean): ResultRow {
  const base = { ...row.cells, line: row.line };
  if (outcome.ok) return { ...outcome.cells, ...base, status: "ok" };
  const error = `${outcome.error.name}: ${outcome.error.message}`;
  if (interrupted) return { ...base, status: "interrupted", error: `${error} (still in flight when the run stopped: the vendor may have applied it)` };
  return { ...base, status: operation.refusedStatus?.(outcome.error) ?? "failed", error };
}

/** The rows of the file that are checked and not skipped, each as the operation sends it. */
export async function* fileRows(operation: BulkOperation, file: string, skip: ReadonlyMap<number, unknown>): AsyncGenerator<Row> {
  for await (const r of readRows(file, operation.columns)) {
    if (!("cells" in r) || skip.has(r.line)) continue;
    const cells = { ...r.cells, vendor: r.cells.vendor!.toLowerCase() };
    yield { line: r.line, cells, input: operation.input(cells, cells.vendor) };
  }
}

/** The rows of one vendor, in file order, in batches of `size`. */
async function* vendorBatches(operation: BulkOperation, file: string, vendor: string, size: number, skip: ReadonlyMap<number, unknown>): AsyncGenerator<Row[]> {
  let batch: Row[] = [];
  for await (const row of fileRows(operation, file, skip)) {
    if (row.cells.vendor !== vendor) continue;
    batch.push(row);
    if (batch.length < size) continue;
    yield batch;
    batch = [];
  }
  if (batch.length) yield batch;
}

export async function sendRows(request: SendRequest): Promise<Tally> {
  const { operation } = request;
  const tally: Tally = { ok: 0, failed: 0, interrupted: 0, "not-sent": 0 };
  let behind = false;
  const record = (row: ResultRow) => {
    tally[row.status] = (tally[row.status] ?? 0) + 1;
    if (!request.journal.record(row)) behind = true;
    request.onOutcome(row);
  };
  /** Each worker waits for the file before taking more rows, so outcomes never pile up in memory. */
  const keepUp = async () => {
    if (!behind) return;
    await request.journal.drained();
    behind = false;
  };
  // One controller per call, never one long-lived signal that every call would hang its listeners on.
  const inFlight = new Set<AbortController>();
  let graceOver = false;
  let graceTimer: NodeJS.Timeout | undefined;
  const endGrace = () => {
    graceOver = true;
    for (const controller of inFlight) controller.abort();
  };
  const stopped = () => !!request.stop?.aborted || !!request.journal.error;
  const onStop = () => {
    graceTimer ??= setTimeout(endGrace, request.graceMs);
  };
  request.stop?.addEventListener("abort", onStop, { once: true });
  request.interrupt?.addEventListener("abort", endGrace, { once: true });
  if (request.stop?.aborted) onStop();

  const send = async (vendor: string, batch: Row[]) => {
    const controller = new AbortController();
    inFlight.add(controller);
    if (graceOver) controller.abort();
    let outcomes: RowOutcome[];
    try {
      outcomes = await operation.send(request.crm, vendor, batch.map((r) => r.input), controller.signal);
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      outcomes = batch.map(() => ({ ok: false, error: e }));
    } finally {
      inFlight.delete(controller);
    }
    outcomes.forEach((outcome, k) => record(outcomeRow(operation, batch[k]!, outcome, controller.signal.aborted)));
  };

  const runVendor = async (vendor: string, size: number) => {
    const batches = vendorBatches(operation, request.file, vendor, size, request.skip);
    const worker = async () => {
      for (;;) {
        await keepUp();
        const next = await batches.next();
        if (next.done) return;
        if (stopped()) next.value.forEach((row) => record(unsentRow(row, "not-sent")));
        else await send(vendor, next.value);
      }
    };
    await Promise.all(Array.from({ length: request.concurrency }, worker));
  };

  try {
    await Promise.all([...request.batchSizes].map(([vendor, size]) => runVendor(vendor, size)));
  } finally {
    clearTimeout(graceTimer);
    request.stop?.removeEventListener("abort", onStop);
    request.interrupt?.removeEventListener("abort", endGrace);
  }
  return tally;
}
