// createCrmkit imports no vendor package at run time: each adapter is made by its vendor's package (also re-exported as
// crmkit/<vendor>), so a bundle holds only the vendors the application configures.
import { ValidationError } from "@crmkit/core";
import type { SchedulingAdapter, VendorAdapter } from "@crmkit/core/scheduling";
import { type Scheduling, createScheduling } from "./scheduling.js";
import { type BuiltInSchedulingAdapter, builtInAdapters } from "./vendors.js";

/** `pexip-engage` → `pexipEngage`: the key a vendor's adapter goes under in `createCrmkit`'s config. */
export const configKey = (vendor: string): string => vendor.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
type ConfigKey<V extends string> = V extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<ConfigKey<Tail>>}` : V;

/** Adapters by config key: `{ leadsquared: leadSquaredAdapter({ … }), pexipEngage: pexipEngageAdapter({ … }) }`. */
export type CrmkitConfig = { readonly [key: string]: VendorAdapter | undefined };
/** Each entry must be the adapter of the vendor its key names. */
type Checked<C> = { [K in keyof C]: C[K] extends VendorAdapter<infer V> ? (ConfigKey<V> extends K ? C[K] : never) : C[K] };
/** The configured adapters that have appointments. */
type SchedulingAdapterIn<A> = A extends SchedulingAdapter<string, unknown, any> ? A : never;

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

/** The configured vendors' clients by config key (`crm.leadsquared`), the configured vendor ids, and `scheduling`. */
export type Crmkit<C extends CrmkitConfig = CrmkitConfig> = {
  readonly [K in keyof C as C[K] extends undefined ? never : K]: NonNullable<C[K]>["client"];
} & {
  /** The configured vendors. */
  readonly configured: readonly string[];
  readonly scheduling: Scheduling<BuiltInSchedulingAdapter | SchedulingAdapterIn<C[keyof C]>>;
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
  const scheduling = createScheduling(adapterFor);

  const crm = { configured: [...adapters.keys()], scheduling };
  // `crm.<key>` is that vendor's client; a built-in vendor that was not configured says how to configure it.
  for (const key of new Set([...Object.keys(builtInAdapters), ...[...adapters.keys()].map(configKey)])) {
    const vendor = [...adapters.keys()].find((v) => configKey(v) === key) ?? builtInAdapters[key]!.vendor;
    Object.defineProperty(crm, key, { enumerable: adapters.has(vendor), get: () => adapterFor(vendor).client });
  }
  return crm as unknown as Crmkit<C>;
}
