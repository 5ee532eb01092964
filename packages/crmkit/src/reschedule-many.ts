import { CrmkitError, ValidationError, createRateLimiter } from "@crmkit/core";
import {
  type MoveConfirmation,
  type MoveConfirmingAdapter,
  type PreparedMove,
  type RescheduleInput,
  type RescheduleResult,
  type SchedulingAdapter,
  positiveInteger,
} from "@crmkit/core/scheduling";
import type { RescheduleManyOptions, RescheduleOutcome } from "./types.js";

type Outcome = RescheduleOutcome<string>;

const DEFAULT_CONCURRENCY = 4;

const asCrmkitError = (e: unknown): CrmkitError =>
  e instanceof CrmkitError ? e : new CrmkitError(e instanceof Error ? e.message : String(e), { cause: e });

type Prepare = (input: RescheduleInput) => [SchedulingAdapter, PreparedMove];

/**
 * One confirmation per result, or `undefined` where the adapter needs none (its answer was the moved appointment).
 * A confirmation that fails, aborted included, leaves the moves accepted but unconfirmed.
 */
async function confirmationsOf(adapter: SchedulingAdapter & MoveConfirmingAdapter, results: RescheduleResult[], signal?: AbortSignal) {
  if (typeof adapter.confirm !== "function") return results.map(() => undefined);
  try {
    const confirmations = await adapter.confirm(results, signal);
    if (confirmations.length !== results.length) throw new Error(`${adapter.vendor}'s confirm returned ${confirmations.length} confirmations for ${results.length} moves`);
    return confirmations;
  } catch (e) {
    const reason = `could not be confirmed: ${e instanceof Error ? e.message : String(e)}`;
    return results.map((): MoveConfirmation => ({ confirmed: false, reason }));
  }
}

/**
 * `crm.scheduling.rescheduleMany`: every item is validated first (a bad item fails alone, before any request), then each
 * vendor's moves go out in calls of its adapter's `chunkSize`, `concurrency` calls at a time per vendor. One outcome per
 * item, in input order; an item's failure never rejects the whole.
 */
export async function rescheduleMany<V extends string>(
  items: readonly RescheduleInput<V>[],
  options: RescheduleManyOptions = {},
  prepare: Prepare,
): Promise<RescheduleOutcome<V>[]> {
  if (!Array.isArray(items)) throw new ValidationError("items", "must be an array of moves");
  const concurrency = options.concurrency === undefined ? DEFAULT_CONCURRENCY : positiveInteger(options.concurrency, "concurrency");
  const chunkSize = options.chunkSize === undefined ? undefined : positiveInteger(options.chunkSize, "chunkSize");
  if (options.confirm !== undefined && typeof options.confirm !== "boolean") throw new ValidationError("confirm", "must be a boolean");
  const { onProgress, signal } = options;
  const total = items.length,
    outcomes: Outcome[] = new Array(total);
  let done = 0,
    failed = 0,
    progressError: unknown;
  const finish = (outcome: Outcome) => {
    outcomes[outcome.index] = outcome;
    done++;
    if (!outcome.ok) failed++;
    try {
      onProgress?.({ done, failed, total });
    } catch (e) {
      progressError ??= e; // every item still settles; the caller's error surfaces at the end
    }
  };

  type Entry = { index: number; item: RescheduleInput; move: PreparedMove };
  const groups = new Map<SchedulingAdapter, Entry[]>();
  items.forEach((item, index) => {
    try {
      const [adapter, move] = prepare(item);
      groups.get(adapter)?.push({ index, item, move }) ?? groups.set(adapter, [{ index, item, move }]);
    } catch (e) {
      finish({ index, item, ok: false, error: asCrmkitError(e) });
    }
  });

  const batches: Promise<void>[] = [];
  for (const [adapter, entries] of groups) {
    // Per vendor, so a slow vendor (a bulk API's own limit) never holds back the others.
    const gate = createRateLimiter({ limit: Infinity, windowMs: 1, maxInFlight: concurrency });
    const run = async (batch: Entry[]) => {
      let settle: (entry: Entry, k: number) => Outcome;
      try {
        const release = await gate.acquire(signal);
        let results: RescheduleResult[];
        try {
          results = await adapter.send(batch.map((e) => e.move), signal);
        } finally {
          release();
        }
        settle = ({ index, item }, k) => ({ index, item, ok: true, result: results[k]! });
        if (options.confirm) {
          // After the gate: confirming waits on the vendor, and must not hold back the next sends.
          const confirmations = await confirmationsOf(adapter, results, signal);
          settle = ({ index, item }, k) => {
            const confirmation = confirmations[k];
            return { index, item, ok: true, result: results[k]!, confirmed: confirmation?.confirmed ?? true, ...(confirmation ? { confirmation } : {}) };
          };
        }
      } catch (e) {
        const error = asCrmkitError(e);
        settle = ({ index, item }) => ({ index, item, ok: false, error });
      }
      batch.forEach((entry, k) => finish(settle(entry, k)));
    };
    // `chunkSize` tunes bulk vendors only: a vendor that moves one appointment per call keeps its 1.
    const size = adapter.chunkSize > 1 ? (chunkSize ?? adapter.chunkSize) : 1;
    for (let i = 0; i < entries.length; i += size) batches.push(run(entries.slice(i, i + size)));
  }
  await Promise.all(batches);
  if (progressError !== undefined) throw progressError;
  return outcomes as RescheduleOutcome<V>[];
}
