import type { AdapterEnvironment } from "@crmkit/core/scheduling";
import { credential, setting, targetOptions } from "@crmkit/core/scheduling";
import { type OneLinkAdapter, oneLinkAdapter } from "./scheduling/adapter.js";

/** One-Link from the environment: a user's API access token and the account id. */
export const environment: AdapterEnvironment<OneLinkAdapter> = {
  vendor: "onelink",
  required: ["ONELINK_TOKEN", "ONELINK_ACCOUNT_ID"],
  optional: [],
  baseUrl: "ONELINK_BASE_URL",
  listFilters: [{ name: "resourceId", description: "the resource (specialist) booked; every resource's when absent", many: true }],
  create: (env, target = {}) =>
    oneLinkAdapter({
      apiAccessToken: credential(env, "ONELINK_TOKEN", target.mock),
      accountId: setting(env, "ONELINK_ACCOUNT_ID") ?? (target.mock ? "1" : ""),
      ...targetOptions(target),
    }),
};
