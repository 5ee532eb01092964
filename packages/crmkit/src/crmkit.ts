// createCrmkit imports no vendor package at run time: each adapter is made by its vendor's package (also re-exported as
// crmkit/<vendor>), so a bundle holds only the vendors the application configures.
import { ValidationError } from "@crmkit/core";
import { type SchedulingAdapter, type VendorAdapter, isSchedulingAdapter, parseRange } from "@crmkit/core/scheduling";
import { rescheduleMany } from "./reschedule-many.js";
import type { Appointment, PreparedMove, RescheduleInput, RescheduleManyOptions, RescheduleOutcome, RescheduleResult } from "./types.js";
import { type SchedulingVendor, type VendorSchedulingMethods, builtInAdapters, vendorSchedulingMethods } from "./vendors.js";

/** `pexip-engage` → `pexipEngage`: the key a vendor's adapter goes under in `createCrmkit`'s config. */
export const configKey = (vendor: string): string => vendor.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
type ConfigKey<V extends string> = V extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<ConfigKey<Tail>>}` : V;

/** Adapters by config key: `{ leadsquared: leadSquaredAdapter({ … }), pexipEngage: pexipEngageAdapter({ … }) }`. */
export type CrmkitConfig = { readonly [key: string]: VendorAdapter | undefined };
/** Each entry must be the adapter of the vendor its key names. */
type Checked<C> = { [K in keyof C]: C[K] extends VendorAdapter<infer V> ? (ConfigKey<V> extends K ? C[K] : never) : C[K] };
type VendorOf<A> = A extends SchedulingAdapter<infer V> ? V : never;

/** The vendor was asked for but not passed to `createCrmkit`. A ValidationError: nothing was sent. */
export class VendorNotConfiguredError extends ValidationError {
  static override k = "VendorNotConfiguredError";
  declare readonly vendor: string;
  constructor(vendor: string) {
    const key = configKey(vendor);
    const builtIn = builtInAdapters[key];
    super(
      "vendor",
      "must be configured",
      builtIn
        ? `${vendor} is not configured: pass \`${key}: ${builtIn.factory}({ … })\` (from "crmkit/${vendor}") to createCrmkit`
        : `Invalid vendor: "${vendor}" is not configured; pass its adapter as \`${key}\` to createCrmkit`,
    );
    Object.defineProperty(this, "vendor", { value: vendor, enumerable: true });
  }
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface Scheduling<V extends string = SchedulingVendor> extends VendorSchedulingMethods {
  /** Move one appointment (or blocked slot). Throws ValidationError before any request, or the vendor's typed error. */
  reschedule(input: RescheduleInput<V>, options?: CallOptions): Promise<RescheduleResult<V>>;
  /** Validate a move and convert it to the vendor's format without sending it (a dry run). */
  prepareReschedule(input: RescheduleInput<V>): PreparedMove<V>;
  /** Read one appointment in crmkit's shape: `{ vendor, id, start, end, status, raw }`. */
  getAppointment(input: { vendor: V; appointmentId: string | number }, options?: CallOptions): Promise<Appointment<V>>;
  /**
   * Move many appointments across vendors. Resolves to one outcome per item, in input order; never rejects for an item's
   * failure. Moves go out in vendor calls of the adapter's `chunkSize` (bulk APIs), `concurrency` at a time per vendor.
   */
  rescheduleMany(items: readonly RescheduleInput<V>[], options?: RescheduleManyOptions): Promise<RescheduleOutcome<V>[]>;
}

/** The configured vendors' clients by config key (`crm.leadsquared`), the configured vendor ids, and `scheduling`. */
export type Crmkit<C extends CrmkitConfig = CrmkitConfig> = {
  readonly [K in keyof C as C[K] extends undefined ? never : K]: NonNullable<C[K]>["client"];
} & {
  /** The configured vendors. */
  readonly configured: readonly string[];
  readonly scheduling: Scheduling<SchedulingVendor | VendorOf<C[keyof C]>>;
};

const invalidAdapter = (key: string, value: unknown): ValidationError => {
  const builtIn = builtInAdapters[key];
  const vendor = (value as Partial<VendorAdapter> | null)?.vendor;
  const factory = builtIn ? `${builtIn.factory}()` : "the vendor package's adapter";
  if (vendor) return new ValidationError(key, `must be made by ${factory}`, `Invalid ${key}: got the adapter for ${vendor}; use ${factory} from "crmkit/${builtIn?.vendor ?? vendor}"`);
  return new ValidationError(
    key,
    `must be made by ${factory}`,
    builtIn
      ? `Invalid ${key}: expected ${builtIn.factory}({ … }) from "crmkit/${builtIn.vendor}" (a client goes in as ${builtIn.factory}({ client }))`
      : `Invalid ${key}: expected a vendor adapter (an object with \`vendor\` and \`client\`)`,
  );
};

/**
 * One client for every configured vendor, and `scheduling`, one API over their appointments:
 *
 * ```ts
 * const crm = createCrmkit({ leadsquared: leadSquaredAdapter({ accessKey, secretKey }), onelink: oneLinkAdapter({ apiAccessToken, accountId }) });
 * await crm.scheduling.reschedule({ vendor: "onelink", appointmentId: 5123, start: "2026-03-10T10:30:00+05:00", end: "2026-03-10T11:00:00+05:00" });
 * ```
 */
export function createCrmkit<const C extends CrmkitConfig>(config: C & Checked<C>): Crmkit<C> {
  if (typeof config !== "object" || config === null) throw new ValidationError("config", "must be an object of vendor adapters");
  // Adapters are filed under the vendor each declares; the key must be that vendor's config key.
  const adapters = new Map<string, VendorAdapter>();
  for (const [key, adapter] of Object.entries(config as CrmkitConfig)) {
    if (adapter === undefined) continue;
    const vendor = (adapter as Partial<VendorAdapter> | null)?.vendor;
    if (typeof vendor !== "string" || !("client" in adapter) || configKey(vendor) !== key) throw invalidAdapter(key, adapter);
    adapters.set(vendor, adapter);
  }

  const adapterFor = (vendor: string): VendorAdapter => {
    const adapter = adapters.get(vendor);
    if (!adapter) throw new VendorNotConfiguredError(vendor);
    return adapter;
  };
  const schedulingAdapter = (vendor: unknown): SchedulingAdapter => {
    if (typeof vendor !== "string" || vendor === "") throw new ValidationError("vendor", "must be a vendor id", `Invalid vendor: ${JSON.stringify(vendor)}`);
    const adapter = adapterFor(vendor);
    if (!isSchedulingAdapter(adapter)) {
      throw new ValidationError("vendor", "must be a vendor with appointments", `Invalid vendor: ${vendor} has no appointments to read or move`);
    }
    return adapter;
  };
  const prepare = (input: RescheduleInput<string>): [SchedulingAdapter, PreparedMove<string>] => {
    if (typeof input !== "object" || input === null) throw new ValidationError("move", "must be an object { vendor, appointmentId, start, end }");
    const adapter = schedulingAdapter(input.vendor);
    return [adapter, adapter.prepare(input, parseRange(input.start, input.end))];
  };
  /** A vendor-only method: the configured adapter of the vendor that has it, called with the signal last. */
  const callVendor = async (name: keyof VendorSchedulingMethods, args: unknown[], options: CallOptions | undefined): Promise<never> => {
    const adapter = adapterFor(vendorSchedulingMethods[name]) as unknown as Record<string, (...a: unknown[]) => Promise<never>>;
    return adapter[name]!(...args, options?.signal);
  };

  const scheduling: Scheduling<string> = {
    prepareReschedule: (input) => prepare(input)[1],
    reschedule: async (input, options) => {
      const [adapter, move] = prepare(input);
      return (await adapter.send([move], options?.signal))[0]!;
    },
    getAppointment: async (input, options) => {
      if (typeof input !== "object" || input === null) throw new ValidationError("input", "must be an object { vendor, appointmentId }");
      const adapter = schedulingAdapter(input.vendor);
      return adapter.getAppointment(adapter.appointmentId(input.appointmentId), options?.signal);
    },
    rescheduleMany: (items, options) => rescheduleMany(items, options, prepare),
    setLeadSegmentSchedulingSettings: (segmentId, settings, options) => callVendor("setLeadSegmentSchedulingSettings", [segmentId, settings], options),
    moveOpportunity: (input, options) => callVendor("moveOpportunity", [input], options),
  };

  const crm = { configured: [...adapters.keys()], scheduling };
  // `crm.<key>` is that vendor's client; a built-in vendor that was not configured says how to configure it.
  for (const key of new Set([...Object.keys(builtInAdapters), ...[...adapters.keys()].map(configKey)])) {
    const vendor = [...adapters.keys()].find((v) => configKey(v) === key) ?? builtInAdapters[key]!.vendor;
    Object.defineProperty(crm, key, { enumerable: adapters.has(vendor), get: () => adapterFor(vendor).client });
  }
  return crm as unknown as Crmkit<C>;
}
