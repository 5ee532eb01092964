// What a bulk command (reschedule, cancel) does to each row of its input file. Everything around it is the same for
// every such command and lives elsewhere: preflight, the journal, --resume, signals, progress (bulk-command.ts).
import type { Crmkit, SchedulingAdapter } from "crmkit";
import type { RowCells } from "./rows-file.js";

/** A row as the facade takes it: every bulk operation names an appointment of a vendor. */
export interface BulkInput {
  vendor: string;
  appointmentId: string | number;
}

/** The vendor's answer to one row: the result cells it fills, or the error. */
export type RowOutcome = { ok: true; cells: Record<string, string | undefined> } | { ok: false; error: Error };

/** What checks rows without sending: every scheduling vendor on placeholder credentials, settings from the env. */
export interface Validator {
  crm: Crmkit;
  adapter(vendor: string): SchedulingAdapter;
}

export interface BulkOperation<Input extends BulkInput = BulkInput> {
  /** The command's name: `crmkit <command>`. */
  command: string;
  usage: string;
  /** The input file's columns, vendor and appointmentId among them. */
  columns: readonly string[];
  /** The results file's columns after line, the input columns and status: an outcome's cells, then `error`. */
  outcomeColumns: readonly string[];
  /** Statuses --resume never sends again (`ok`, and any the vendor would only answer the same way). */
  settled: readonly string[];
  /** In messages: "has no rows to move", "3 moved", "the same moves file". */
  words: { verb: string; past: string; rows: string };
  /** Options of its own, each a positive count (`--chunk-size N`), besides the ones every bulk command has. */
  countOptions?: readonly string[];
  /** The row as the facade takes it (nothing checked). */
  input(cells: RowCells, vendor: string): Input;
  /** Checks a row without sending anything (throws the facade's ValidationError); the cells a dry run shows for it. */
  check(input: Input, validator: Validator): Record<string, string | undefined>;
  /** Rows per vendor call (1, or a bulk API's batch), given the command's own counts (undefined when not given). */
  batchSize(vendor: string, counts: Record<string, number | undefined>): number;
  /** Sends one vendor's batch; one outcome per row, in order. */
  send(crm: Crmkit, vendor: string, batch: Input[], signal: AbortSignal): Promise<RowOutcome[]>;
  /** The status of a row the vendor refused, when it is not plain `failed` (a cancel of what is not there: `not-found`). */
  refusedStatus?(error: Error): string | undefined;
}
