// crmkit cancel --file ids.csv: each row cancels an appointment the way its vendor documents it.
import { type CancelAppointmentInput, NotFoundError } from "crmkit";
import { type CliIo, bulkCommand } from "./bulk-command.js";
import { cancelUsage } from "./cancel-usage.js";
import type { BulkOperation } from "./operation.js";

export { cancelUsage };

export const cancelOperation: BulkOperation<CancelAppointmentInput> = {
  command: "cancel",
  usage: cancelUsage,
  columns: ["vendor", "appointmentId"],
  outcomeColumns: ["via", "jobId", "error"],
  // The vendor has no such appointment: nothing is left to cancel, and asking again would get the same answer. On
  // LeadSquared, which cancels by deleting, it is what a second cancel of a task gets (one whose call was in flight
  // when an earlier run was killed, say), so it must not fail the resumed run.
  settled: ["ok", "not-found"],
  words: { verb: "cancel", past: "cancelled", rows: "cancellations" },
  input: (cells, vendor) => ({ vendor, appointmentId: cells.appointmentId! }) as CancelAppointmentInput,
  check(input, validator) {
    validator.adapter(input.vendor).appointmentId(input.appointmentId);
    return {};
  },
  batchSize: () => 1,
  async send(crm, _vendor, batch, signal) {
    return Promise.all(
      batch.map((input) =>
        crm.scheduling.cancelAppointment(input, { signal }).then(
          (result) => ({ ok: true as const, cells: { via: result.via, jobId: result.jobId } }),
          (error: Error) => ({ ok: false as const, error }),
        ),
      ),
    );
  },
  refusedStatus: (error) => (error instanceof NotFoundError ? "not-found" : undefined),
};

export const cancelCommand = (args: string[], io: CliIo): Promise<number> => bulkCommand(cancelOperation, args, io);
