// createCrmkit imports no vendor package at run time: each adapter is made by its own subpath (crmkit/leadsquared, …),
// so a bundle holds only the vendors the application configures.
import { CrmkitError, ValidationError, type VendorName, createRateLimiter } from "@crmkit/core";
import type { LeadConnectorClient } from "@crmkit/leadconnector";
import type { LeadSquaredClient } from "@crmkit/leadsquared";
import type { OneLinkClient } from "@crmkit/onelink";
import type { PexipEngageClient } from "@crmkit/pexip-engage";
import type { LeadConnectorAdapter, MoveOpportunityInput, Opportunity } from "./adapters/leadconnector.js";
import type { LeadSquaredAdapter } from "./adapters/leadsquared.js";
import type { OneLinkAdapter } from "./adapters/onelink.js";
import type { LeadSegmentSchedulingSetting, LeadSegmentSchedulingSettingInput, PexipEngageAdapter } from "./adapters/pexip-engage.js";
import { positiveInteger } from "./shared.js";
import { parseRange } from "./time.js";
import {
  type Appointment,
  type PreparedMove,
  type RescheduleInput,
  type RescheduleManyOptions,
  type RescheduleOutcome,
  type RescheduleResult,
  type SchedulingAdapter,
  type SchedulingVendor,
  schedulingVendors,
} from "./types.js";

export interface CrmkitConfig {
  leadconnector?: LeadConnectorAdapter;
  leadsquared?: LeadSquaredAdapter;
  onelink?: OneLinkAdapter;
  pexipEngage?: PexipEngageAdapter;
}

interface Adapters {
  leadconnector: LeadConnectorAdapter;
  leadsquared: LeadSquaredAdapter;
  onelink: OneLinkAdapter;
  "pexip-engage": PexipEngageAdapter;
}

/** Config key, vendor, and the function that makes its adapter (for error messages). */
const slots = [
  ["leadconnector", "leadconnector", "leadConnectorAdapter"],
  ["leadsquared", "leadsquared", "leadSquaredAdapter"],
  ["onelink", "onelink", "oneLinkAdapter"],
  ["pexipEngage", "pexip-engage", "pexipEngageAdapter"],
] as const;

/** The vendor was asked for but not passed to `createCrmkit`. A ValidationError: nothing was sent. */
export class VendorNotConfiguredError extends ValidationError {
  static override k = "VendorNotConfiguredError";
  declare readonly vendor: VendorName;
  constructor(vendor: VendorName) {
    const [key, , factory] = slots.find((s) => s[1] === vendor)!;
    super("vendor", "must be configured", `${vendor} is not configured: pass \`${key}: ${factory}({ … })\` (from "crmkit/${vendor}") to createCrmkit`);
    Object.defineProperty(this, "vendor", { value: vendor, enumerable: true });
  }
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface Scheduling {
  /** Move one appointment (or HighLevel blocked slot). Throws ValidationError before any request, or the vendor's typed error. */
  reschedule(input: RescheduleInput, options?: CallOptions): Promise<RescheduleResult>;
  /** Validate a move and convert it to the vendor's format without sending it (a dry run). */
  prepareReschedule(input: RescheduleInput): PreparedMove;
  /** Read one appointment in crmkit's shape: `{ vendor, id, start, end, status, raw }`. */
  getAppointment(input: { vendor: SchedulingVendor; appointmentId: string | number }, options?: CallOptions): Promise<Appointment>;
  /**
   * Move many appointments across vendors. Resolves to one outcome per item, in input order; never rejects for an item's
   * failure. LeadSquared moves go out in bulk calls of `chunkSize`; the others one by one, `concurrency` at a time per vendor.
   */
  rescheduleMany(items: readonly RescheduleInput[], options?: RescheduleManyOptions): Promise<RescheduleOutcome[]>;
  /** Pexip Engage: replace a lead segment's scheduling settings (meeting type / subject pairs); resolves to the new list. */
  setLeadSegmentSchedulingSettings(
    segmentId: string,
    settings: readonly LeadSegmentSchedulingSettingInput[],
    options?: CallOptions,
  ): Promise<LeadSegmentSchedulingSetting[]>;
  /** HighLevel: move an opportunity to another stage and/or status; resolves to the updated opportunity. */
  moveOpportunity(input: MoveOpportunityInput, options?: CallOptions): Promise<Opportunity>;
}

export interface Crmkit {
  /** The configured vendor clients; reading one that was not configured throws VendorNotConfiguredError. */
  readonly leadconnector: LeadConnectorClient;
  readonly leadsquared: LeadSquaredClient;
  readonly onelink: OneLinkClient;
  readonly pexipEngage: PexipEngageClient;
  /** The configured vendors. */
  readonly configured: readonly VendorName[];
  readonly scheduling: Scheduling;
}

const DEFAULT_CONCURRENCY = 4;

const asCrmkitError = (e: unknown): CrmkitError =>
  e instanceof CrmkitError ? e : new CrmkitError(e instanceof Error ? e.message : String(e), { cause: e });

/**
 * One client for every configured vendor, and `scheduling`, one API over their appointments:
 *
 * ```ts
 * const crm = createCrmkit({ leadsquared: leadSquaredAdapter({ accessKey, secretKey }), onelink: oneLinkAdapter({ apiAccessToken, accountId }) });
 * await crm.scheduling.reschedule({ vendor: "onelink", appointmentId: 5123, start: "2026-03-10T10:30:00+05:00", end: "2026-03-10T11:00:00+05:00" });
 * ```
 */
export function createCrmkit(config: CrmkitConfig): Crmkit {
  if (typeof config !== "object" || config === null) throw new ValidationError("config", "must be an object of vendor adapters");
  const adapters = new Map<VendorName, SchedulingAdapter>();
  for (const [key, value] of Object.entries(config)) {
    const slot = slots.find((s) => s[0] === key);
    if (!slot) throw new ValidationError(key, `is not a vendor; expected ${slots.map((s) => s[0]).join(", ")}`);
    if (value === undefined) continue;
    const vendor = (value as Partial<SchedulingAdapter>)?.vendor;
    if (vendor !== slot[1]) {
      throw new ValidationError(
        key,
        `must be made by ${slot[2]}()`,
        vendor
          ? `Invalid ${key}: got the adapter for ${vendor}; use ${slot[2]}() from "crmkit/${slot[1]}"`
          : `Invalid ${key}: expected ${slot[2]}({ … }) from "crmkit/${slot[1]}" (a client goes in as ${slot[2]}({ client }))`,
      );
    }
    adapters.set(vendor, value as SchedulingAdapter);
  }

  const adapterFor = <V extends VendorName>(vendor: V): Adapters[V] => {
    const adapter = adapters.get(vendor);
    if (!adapter) throw new VendorNotConfiguredError(vendor);
    return adapter as Adapters[V];
  };
  const schedulingAdapter = (vendor: unknown): SchedulingAdapter => {
    if (!schedulingVendors.includes(vendor as SchedulingVendor)) {
      throw new ValidationError(
        "vendor",
        `must be one of ${schedulingVendors.join(", ")}`,
        `Invalid vendor: ${JSON.stringify(vendor)}; appointments can be moved on ${schedulingVendors.join(", ")}`,
      );
    }
    return adapterFor(vendor as SchedulingVendor);
  };
  const prepare = (input: RescheduleInput): [SchedulingAdapter, PreparedMove] => {
    if (typeof input !== "object" || input === null) throw new ValidationError("move", "must be an object { vendor, appointmentId, start, end }");
    const adapter = schedulingAdapter(input.vendor);
    return [adapter, adapter.prepare!(input, parseRange(input.start, input.end))];
  };
  const sendOne = async (adapter: SchedulingAdapter, move: PreparedMove, signal?: AbortSignal) =>
    adapter.send ? adapter.send(move, signal) : (await adapter.sendBulk!([move], signal))[0]!;

  const scheduling: Scheduling = {
    prepareReschedule: (input) => prepare(input)[1],
    reschedule: async (input, options) => {
      const [adapter, move] = prepare(input);
      return sendOne(adapter, move, options?.signal);
    },
    getAppointment: async (input, options) => {
      if (typeof input !== "object" || input === null) throw new ValidationError("input", "must be an object { vendor, appointmentId }");
      const adapter = schedulingAdapter(input.vendor);
      return adapter.getAppointment!(adapter.appointmentId!(input.appointmentId), options?.signal);
    },
    setLeadSegmentSchedulingSettings: async (segmentId, settings, options) =>
      adapterFor("pexip-engage").setLeadSegmentSchedulingSettings(segmentId, settings, options?.signal),
    moveOpportunity: async (input, options) => adapterFor("leadconnector").moveOpportunity(input, options?.signal),

    async rescheduleMany(items, options = {}) {
      if (!Array.isArray(items)) throw new ValidationError("items", "must be an array of moves");
      const concurrency = options.concurrency === undefined ? DEFAULT_CONCURRENCY : positiveInteger(options.concurrency, "concurrency");
      const chunkSize = options.chunkSize === undefined ? undefined : positiveInteger(options.chunkSize, "chunkSize");
      const { onProgress, signal } = options;
      const total = items.length,
        outcomes: RescheduleOutcome[] = new Array(total);
      let done = 0,
        failed = 0,
        progressError: unknown;
      const finish = (outcome: RescheduleOutcome) => {
        outcomes[outcome.index] = outcome;
        done++;
        if (!outcome.ok) failed++;
        try {
          onProgress?.({ done, failed, total });
        } catch (e) {
          progressError ??= e; // every item still settles; the caller's error surfaces at the end
        }
      };

      // Validate everything first: a bad item fails alone, before any request.
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
        // Per vendor, so a slow vendor (LeadSquared's bulk limit) never holds back the others.
        const gate = createRateLimiter({ limit: Infinity, windowMs: 1, maxInFlight: concurrency });
        const run = async (batch: Entry[], send: () => Promise<RescheduleResult[]>) => {
          let settle: (entry: Entry, k: number) => RescheduleOutcome;
          try {
            const release = await gate.acquire(signal);
            try {
              const results = await send();
              settle = ({ index, item }, k) => ({ index, item, ok: true, result: results[k]! });
            } finally {
              release();
            }
          } catch (e) {
            const error = asCrmkitError(e);
            settle = ({ index, item }) => ({ index, item, ok: false, error });
          }
          batch.forEach((entry, k) => finish(settle(entry, k)));
        };
        if (adapter.sendBulk) {
          const size = chunkSize ?? adapter.chunkSize ?? entries.length;
          for (let i = 0; i < entries.length; i += size) {
            const chunk = entries.slice(i, i + size);
            batches.push(run(chunk, () => adapter.sendBulk!(chunk.map((e) => e.move), signal)));
          }
        } else {
          for (const entry of entries) batches.push(run([entry], async () => [await adapter.send!(entry.move, signal)]));
        }
      }
      await Promise.all(batches);
      if (progressError !== undefined) throw progressError;
      return outcomes;
    },
  };

  return {
    get leadconnector() {
      return adapterFor("leadconnector").client;
    },
    get leadsquared() {
      return adapterFor("leadsquared").client;
    },
    get onelink() {
      return adapterFor("onelink").client;
    },
    get pexipEngage() {
      return adapterFor("pexip-engage").client;
    },
    configured: [...adapters.keys()],
    scheduling,
  };
}
