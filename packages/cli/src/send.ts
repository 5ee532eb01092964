// Sends the moves file's rows, streamed per vendor (each vendor reads the file for its own rows, so a slow vendor never
// holds back another), and journals every outcome as it arrives. A stop (a signal) ends the sending: calls in flight get
// a grace period, then are aborted; every row still gets an outcome.
import type { Crmkit, RescheduleInput, RescheduleOutcome } from "crmkit";
import type { Journal, ResultRow, ResultStatus } from "./journal.js";
import { readMoves } from "./moves-file.js";

export interface Row {
  line: number;
  input: RescheduleInput;
}

export interface SendRequest {
  crm: Crmkit;
  file: string;
  /** Moves per call, by vendor with rows to send. */
  batchSizes: Map<string, number>;
  /** Calls in flight at once per vendor. */
  concurrency: number;
  /** Input lines an earlier run moved: skipped. */
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

export type Tally = Record<Exclude<ResultStatus, "valid">, number>;

const text = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v ?? ""));
const baseRow = ({ line, input }: Row, status: ResultStatus): ResultRow => ({
  line,
  vendor: input.vendor,
  appointmentId: text(input.appointmentId),
  start: text(input.start),
  end: text(input.end),
  status,
});

/** The result row of a move the run prepared but did not send (a dry run's `valid`, a stopped run's `not-sent`). */
export const unsentRow = (row: Row, status: "valid" | "not-sent", sent?: { start: string; end: string }): ResultRow =>
  sent ? { ...baseRow(row, status), sentStart: sent.start, sentEnd: sent.end } : baseRow(row, status);

function outcomeRow(row: Row, outcome: RescheduleOutcome, interrupted: boolean): ResultRow {
  if (outcome.ok) return { ...baseRow(row, "ok"), sentStart: outcome.result.sent.start, sentEnd: outcome.result.sent.end, jobId: outcome.result.jobId };
  const error = `${outcome.error.name}: ${outcome.error.message}`;
  return interrupted
    ? { ...baseRow(row, "interrupted"), error: `${error} (still in flight when the run stopped: the vendor may have applied it)` }
    : { ...baseRow(row, "failed"), error };
}

/** The rows of one vendor, in file order, in batches of `size`. */
export async function* vendorBatches(file: string, vendor: string, size: number, skip: ReadonlyMap<number, unknown>): AsyncGenerator<Row[]> {
  let batch: Row[] = [];
  for await (const m of readMoves(file)) {
    if (!("cells" in m) || m.cells.vendor.toLowerCase() !== vendor || skip.has(m.line)) continue;
    batch.push({ line: m.line, input: { vendor, appointmentId: m.cells.appointmentId, start: m.cells.start, end: m.cells.end } as RescheduleInput });
    if (batch.length < size) continue;
    yield batch;
    batch = [];
  }
  if (batch.length) yield batch;
}

export async function sendMoves(request: SendRequest): Promise<Tally> {
  const tally: Tally = { ok: 0, failed: 0, interrupted: 0, "not-sent": 0 };
  let behind = false;
  const record = (row: ResultRow) => {
    tally[row.status as keyof Tally]++;
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
    let outcomes: RescheduleOutcome[];
    try {
      const options = { chunkSize: request.batchSizes.get(vendor)!, concurrency: 1, signal: controller.signal };
      outcomes = await request.crm.scheduling.rescheduleMany(batch.map((r) => r.input), options);
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      outcomes = batch.map((r, index) => ({ index, item: r.input, ok: false, error: e }) as RescheduleOutcome);
    } finally {
      inFlight.delete(controller);
    }
    outcomes.forEach((outcome, k) => record(outcomeRow(batch[k]!, outcome, controller.signal.aborted)));
  };

  const runVendor = async (vendor: string, size: number) => {
    const batches = vendorBatches(request.file, vendor, size, request.skip);
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
