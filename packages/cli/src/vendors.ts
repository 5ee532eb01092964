// The vendors the CLI reaches: every vendor package it depends on that declares itself (a `crmkit.adapter` field in its
// package.json) and its environment variables (`environment` on its ./scheduling subpath). Adding a vendor to the CLI is
// adding that package to its dependencies; nothing here names one.
import { createRequire } from "node:module";
import { type AdapterEnvironment, isSchedulingAdapter } from "@crmkit/core/scheduling";

const require = createRequire(import.meta.url);

interface VendorPackage {
  exports?: Record<string, unknown>;
  crmkit?: { adapter?: { factory: string; configKey: string } };
}

export interface CliVendor {
  vendor: string;
  environment: AdapterEnvironment;
  /** Its adapter reads and moves appointments (some vendors only have their own scheduling settings). */
  scheduling: boolean;
}

async function discover(): Promise<CliVendor[]> {
  const own = require("../package.json") as { dependencies?: Record<string, string> };
  const found: CliVendor[] = [];
  for (const name of Object.keys(own.dependencies ?? {}).filter((n) => n.startsWith("@crmkit/"))) {
    const manifest = require(`${name}/package.json`) as VendorPackage;
    if (!manifest.crmkit?.adapter || !manifest.exports?.["./scheduling"]) continue;
    const { environment } = (await import(`${name}/scheduling`)) as { environment?: AdapterEnvironment };
    if (!environment) continue;
    // A throwaway adapter on placeholder credentials says what the vendor can do; nothing is sent.
    const probe = environment.create({}, { mock: true, baseUrl: "http://127.0.0.1:9" });
    found.push({ vendor: environment.vendor, environment, scheduling: isSchedulingAdapter(probe) });
  }
  return found.sort((a, b) => a.vendor.localeCompare(b.vendor));
}

export const cliVendors: readonly CliVendor[] = await discover();
