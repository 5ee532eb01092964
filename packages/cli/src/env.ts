// Which vendors the CLI (and the demo) can reach, from environment variables, or the local mock servers.
import { type Crmkit, type CrmkitConfig, type VendorAdapter, configKey, createCrmkit } from "crmkit";
import { setting } from "@crmkit/core/scheduling";
import { cliVendor, cliVendors } from "./vendors.js";

export type Env = Record<string, string | undefined>;
export type Fetch = (request: Request) => Promise<Response>;

/** The variables each vendor needs (all of them, or the vendor is not configured) and the optional ones. */
export const credentialVariables: Readonly<Record<string, { required: readonly string[]; optional: readonly string[]; baseUrl: string }>> =
  Object.fromEntries(cliVendors.map(({ vendor, environment: e }) => [vendor, { required: e.required, optional: e.optional, baseUrl: e.baseUrl }]));

/** Vendors whose appointments the CLI can move. */
export const schedulingVendors: readonly string[] = cliVendors.filter((v) => v.scheduling).map((v) => v.vendor);

export const hasCredentials = (env: Env, vendor: string) => !!credentialVariables[vendor]?.required.every((name) => setting(env, name));

export type Target = { kind: "live" } | { kind: "mock"; url: string };

export interface Connection {
  crm: Crmkit;
  /** The configured vendors' adapters, by vendor. */
  adapters: Partial<Record<string, VendorAdapter>>;
  /** Where each configured vendor's calls go. */
  targets: Partial<Record<string, Target>>;
}

/**
 * A crmkit for the given targets: live vendors use the credentials in `env` (and the vendor's base-URL variable, when
 * set), mocked ones the mock server's URL with placeholder credentials and no vendor-side limits (a mock has none).
 */
export function connect(env: Env, targets: Partial<Record<string, Target>>, fetch?: Fetch): Connection {
  const config: Record<string, CrmkitConfig[string]> = {};
  for (const [vendor, target] of Object.entries(targets)) {
    const found = cliVendor(vendor);
    if (!found || !target) continue;
    const baseUrl = target.kind === "mock" ? target.url : setting(env, found.environment.baseUrl);
    config[configKey(vendor)] = found.environment.create(env, { mock: target.kind === "mock", baseUrl, ...(fetch ? { fetch } : {}) });
  }
  const adapters = Object.fromEntries(Object.values(config).map((adapter) => [adapter!.vendor, adapter]));
  return { crm: createCrmkit(config) as Crmkit, adapters, targets };
}

/** The credential variables each of `vendors` lacks (none when all are set). */
export function missingCredentials(env: Env, vendors: readonly string[]): { vendor: string; variables: string[] }[] {
  return vendors
    .map((vendor) => ({ vendor, variables: (credentialVariables[vendor]?.required ?? []).filter((name) => !setting(env, name)) }))
    .filter((m) => m.variables.length > 0);
}

/**
 * `--mock` targets: a vendor whose base-URL variable is set goes to that server (a mock you run yourself, such as
 * crmkit-mock, or a test's stand-in); the others need a Prism mock started for the run (`needPrism`).
 */
export function mockTargets(env: Env, vendors: readonly string[]): { targets: Partial<Record<string, Target>>; needPrism: string[] } {
  const targets: Partial<Record<string, Target>> = {};
  const needPrism: string[] = [];
  for (const vendor of vendors) {
    const url = setting(env, credentialVariables[vendor]?.baseUrl ?? "");
    if (url) targets[vendor] = { kind: "mock", url };
    else needPrism.push(vendor);
  }
  return { targets, needPrism };
}

/** Live targets for every vendor whose credentials are all set. */
export function liveTargets(env: Env, vendors: readonly string[]): Partial<Record<string, Target>> {
  return Object.fromEntries(vendors.filter((v) => hasCredentials(env, v)).map((v) => [v, { kind: "live" }]));
}

/**
 * The targets of a run: live vendors, or with `mock` their mocks, starting a Prism mock for each vendor that has no
 * base URL of its own. `close` stops what was started.
 */
export async function openTargets(
  env: Env,
  vendors: readonly string[],
  mock: boolean | undefined,
): Promise<{ targets: Partial<Record<string, Target>>; close: () => Promise<void> }> {
  const { targets, needPrism } = mock ? mockTargets(env, vendors) : { targets: liveTargets(env, vendors), needPrism: [] };
  const servers = needPrism.length ? await (await import("@crmkit/mock")).startMocks(needPrism) : [];
  for (const s of servers) targets[s.vendor] = { kind: "mock", url: s.url };
  return { targets, close: async () => void (await Promise.all(servers.map((s) => s.close()))) };
}

/** "leadsquared (live), onelink (mock)". */
export const describeTargets = (targets: Partial<Record<string, Target>>) =>
  Object.entries(targets)
    .map(([vendor, target]) => `${vendor} (${target!.kind === "live" ? "live API" : "mock " + target!.url})`)
    .join(", ");
