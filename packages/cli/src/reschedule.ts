// crmkit reschedule --file moves.csv: each row moves an appointment to new (absolute) times.
import type { RescheduleInput } from "crmkit";
import { type CliIo, bulkCommand } from "./bulk-command.js";
import type { BulkOperation } from "./operation.js";
import { rescheduleUsage } from "./reschedule-usage.js";
import { cliVendor } from "./vendors.js";

export { rescheduleUsage };

export const MOVE_COLUMNS = ["vendor", "appointmentId", "start", "end"] as const;

export const rescheduleOperation: BulkOperation<RescheduleInput> = {
  command: "reschedule",
  usage: rescheduleUsage,
  columns: MOVE_COLUMNS,
  outcomeColumns: ["sentStart", "sentEnd", "jobId", "error"],
  settled: ["ok"],
  words: { verb: "move", past: "moved", rows: "moves" },
  countOptions: ["chunk-size"],
  input: (cells, vendor) => ({ vendor, appointmentId: cells.appointmentId!, start: cells.start!, end: cells.end! }) as RescheduleInput,
  check(input, { crm }) {
    const { sent } = crm.scheduling.prepareReschedule(input);
    return { sentStart: sent.start, sentEnd: sent.end };
  },
  // A bulk API's vendor moves --chunk-size rows per call (its adapter's batch by default); the others one.
  batchSize(vendor, counts) {
    const chunk = cliVendor(vendor)?.chunkSize ?? 1;
    return chunk > 1 ? (counts["chunk-size"] ?? chunk) : 1;
  },
  // The batch goes out in one vendor call: it is at most batchSize rows.
  async send(crm, _vendor, batch, signal) {
    const outcomes = await crm.scheduling.rescheduleMany(batch, { chunkSize: batch.length, concurrency: 1, signal });
    return outcomes.map((o) => (o.ok ? { ok: true, cells: { sentStart: o.result.sent.start, sentEnd: o.result.sent.end, jobId: o.result.jobId } } : { ok: false, error: o.error }));
  },
};

export const rescheduleCommand = (args: string[], io: CliIo): Promise<number> => bulkCommand(rescheduleOperation, args, io);
