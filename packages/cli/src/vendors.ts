// The vendors the CLI reaches: every vendor package it depends on that declares itself (a `crmkit.adapter` field in its
// package.json) and its environment variables (`environment` on its ./scheduling subpath). Adding a vendor to the CLI is
// adding that package to its dependencies; nothing here names one.
import { createRequire } from "node:module";
import type { RateLimitConfig } from "@crmkit/core";
import { type AdapterEnvironment, isSchedulingAdapter } from "@crmkit/core/scheduling";

const require = createRequire(import.meta.url);

/** The base URL of clients that must never send: the discard port on this machine. */
export const UNUSED_BASE_URL = "http://127.0.0.1:9";

interface VendorPackage {
  exports?: Record<string, unknown>;
  crmkit?: { adapter?: { factory: string; configKey: string } };
}

/** A documented limit that the vendor's calls are held to (client-side, as the vendor enforces it). */
export interface VendorLimit extends RateLimitConfig {
  /** Where it applies: to every call of the vendor, or only to its bulk calls (LeadSquared's bulk moves and deletes). */
  scope: "calls" | "bulk calls";
}

export interface CliVendor {
  vendor: string;
  environment: AdapterEnvironment;
  /** Its adapter reads and moves appointments (some vendors only have their own scheduling settings). */
  scheduling: boolean;
  /** Moves per vendor call by default (1, or a bulk API's batch). */
  chunkSize: number;
  /** The documented limits on its calls: its client's default, and any its adapter adds (a bulk API's own). */
  limits: VendorLimit[];
}

const isLimit = (value: unknown): value is RateLimitConfig =>
  typeof value === "object" && value !== null && typeof (value as RateLimitConfig).limit === "number" && typeof (value as RateLimitConfig).windowMs === "number";

/**
 * The vendor definition's `rateLimit` (the package's root exports the definition, `{ vendor, rateLimit, … }`), and every
 * rate limit its ./scheduling subpath exports (the adapter's own limits on its calls, such as a bulk API's).
 */
function limitsOf(vendor: string, root: Record<string, unknown>, scheduling: Record<string, unknown>): VendorLimit[] {
  const definition = Object.values(root).find((value) => (value as { vendor?: unknown } | null)?.vendor === vendor && isLimit((value as { rateLimit?: unknown }).rateLimit));
  const limits: VendorLimit[] = definition ? [{ ...(definition as { rateLimit: RateLimitConfig }).rateLimit, scope: "calls" }] : [];
  for (const value of Object.values(scheduling)) if (isLimit(value)) limits.push({ ...value, scope: "bulk calls" });
  return limits;
}

async function discover(): Promise<CliVendor[]> {
  const own = require("../package.json") as { dependencies?: Record<string, string> };
  const found: CliVendor[] = [];
  for (const name of Object.keys(own.dependencies ?? {}).filter((n) => n.startsWith("@crmkit/"))) {
    const manifest = require(`${name}/package.json`) as VendorPackage;
    if (!manifest.crmkit?.adapter || !manifest.exports?.["./scheduling"]) continue;
    const scheduling = (await import(`${name}/scheduling`)) as { environment?: AdapterEnvironment } & Record<string, unknown>;
    const environment = scheduling.environment;
    if (!environment) continue;
    // A throwaway adapter on placeholder credentials says what the vendor can do; nothing is sent.
    const probe = environment.create({}, { mock: true, baseUrl: UNUSED_BASE_URL });
    const isScheduling = isSchedulingAdapter(probe);
    found.push({
      vendor: environment.vendor,
      environment,
      scheduling: isScheduling,
      chunkSize: isScheduling ? probe.chunkSize : 1,
      limits: limitsOf(environment.vendor, (await import(name)) as Record<string, unknown>, scheduling),
    });
  }
  return found.sort((a, b) => a.vendor.localeCompare(b.vendor));
}

export const cliVendors: readonly CliVendor[] = await discover();

const byName = new Map(cliVendors.map((v) => [v.vendor, v]));
/** The vendor of that name, if the CLI reaches it. */
export const cliVendor = (vendor: string): CliVendor | undefined => byName.get(vendor);
