// Which vendors the CLI (and the demo) can reach, from environment variables, or the local mock servers.
import type { CrmkitClientOptions, VendorName } from "@crmkit/core";
import { type Crmkit, type CrmkitConfig, type SchedulingVendor, createCrmkit } from "crmkit";
import { leadConnectorAdapter } from "crmkit/leadconnector";
import { leadSquaredAdapter } from "crmkit/leadsquared";
import { oneLinkAdapter } from "crmkit/onelink";
import { pexipEngageAdapter } from "crmkit/pexip-engage";

export type Env = Record<string, string | undefined>;
export type Fetch = (request: Request) => Promise<Response>;

/** The variables each vendor needs (all of them, or the vendor is not configured) and the optional ones. */
export const credentialVariables: Record<VendorName, { required: readonly string[]; optional: readonly string[] }> = {
  leadconnector: { required: ["HIGHLEVEL_TOKEN"], optional: ["HIGHLEVEL_LOCATION_ID", "HIGHLEVEL_CALENDAR_ID"] },
  leadsquared: { required: ["LSQ_ACCESS_KEY", "LSQ_SECRET_KEY"], optional: ["LSQ_HOST"] },
  onelink: { required: ["ONELINK_TOKEN", "ONELINK_ACCOUNT_ID"], optional: [] },
  "pexip-engage": { required: ["PEXIP_TOKEN", "PEXIP_ENTERPRISE"], optional: [] },
};

// crmkit exports the SchedulingVendor type, not a list of them: this record stops compiling when the two drift apart.
const schedulingVendorSet: Record<SchedulingVendor, true> = { leadconnector: true, leadsquared: true, onelink: true };
/** Vendors whose appointments the CLI can move. */
export const schedulingVendors = Object.keys(schedulingVendorSet) as SchedulingVendor[];

export const hasCredentials = (env: Env, vendor: VendorName) => credentialVariables[vendor].required.every((name) => !!env[name]?.trim());

export type Target = { kind: "live" } | { kind: "mock"; url: string };

export interface Connection {
  crm: Crmkit;
  /** Where each configured vendor's calls go. */
  targets: Partial<Record<VendorName, Target>>;
}

/**
 * A crmkit for the given targets: live vendors use the credentials in `env`, mocked ones the mock server's URL with
 * placeholder credentials. Against a mock, LeadSquared's bulk limit (1 call per 5 s) is lifted: Prism has no limit.
 */
export function connect(env: Env, targets: Partial<Record<VendorName, Target>>, fetch?: Fetch): Connection {
  const config: CrmkitConfig = {};
  const common = (target: Target): CrmkitClientOptions => ({
    ...(target.kind === "mock" ? { baseUrl: target.url } : {}),
    ...(fetch ? { fetch } : {}),
  });
  // Against a mock, credentials are placeholders (Prism checks only that they are present); settings keep the env's.
  const secret = (target: Target, name: string) => (target.kind === "mock" ? `mock-${name.toLowerCase()}` : env[name]!.trim());
  const setting = (name: string, mockDefault?: string) => env[name]?.trim() || mockDefault;
  const { leadconnector: lc, leadsquared: lsq, onelink: ol, "pexip-engage": pexip } = targets;
  if (lc) {
    config.leadconnector = leadConnectorAdapter({
      ...common(lc),
      token: secret(lc, "HIGHLEVEL_TOKEN"),
      locationId: setting("HIGHLEVEL_LOCATION_ID"),
      calendarId: setting("HIGHLEVEL_CALENDAR_ID"),
    });
  }
  if (lsq) {
    config.leadsquared = leadSquaredAdapter({
      ...common(lsq),
      accessKey: secret(lsq, "LSQ_ACCESS_KEY"),
      secretKey: secret(lsq, "LSQ_SECRET_KEY"),
      ...(lsq.kind === "mock" ? { bulkRateLimit: false as const } : { host: setting("LSQ_HOST") }),
    });
  }
  if (ol) {
    config.onelink = oneLinkAdapter({ ...common(ol), apiAccessToken: secret(ol, "ONELINK_TOKEN"), accountId: setting("ONELINK_ACCOUNT_ID", "1")! });
  }
  if (pexip) {
    config.pexipEngage = pexipEngageAdapter({ ...common(pexip), token: secret(pexip, "PEXIP_TOKEN"), enterprise: setting("PEXIP_ENTERPRISE", "acme")! });
  }
  return { crm: createCrmkit(config), targets };
}

/** Live targets for every vendor whose credentials are all set. */
export function liveTargets(env: Env, vendors: readonly VendorName[]): Partial<Record<VendorName, Target>> {
  return Object.fromEntries(vendors.filter((v) => hasCredentials(env, v)).map((v) => [v, { kind: "live" }]));
}

/** "leadsquared (live), onelink (mock)". */
export const describeTargets = (targets: Partial<Record<VendorName, Target>>) =>
  Object.entries(targets)
    .map(([vendor, target]) => `${vendor} (${target!.kind === "live" ? "live API" : "mock " + target!.url})`)
    .join(", ");
