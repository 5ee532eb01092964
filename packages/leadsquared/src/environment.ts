import type { AdapterEnvironment } from "@crmkit/core/scheduling";
import { credential, setting, targetOptions } from "@crmkit/core/scheduling";
import { type LeadSquaredAdapter, leadSquaredAdapter } from "./scheduling/adapter.js";

/** LeadSquared from the environment: a user's access and secret keys, and the account's regional host. */
export const environment: AdapterEnvironment<LeadSquaredAdapter> = {
  vendor: "leadsquared",
  required: ["LSQ_ACCESS_KEY", "LSQ_SECRET_KEY"],
  optional: ["LSQ_HOST", "LSQ_TASK_TYPE"],
  baseUrl: "LSQ_BASE_URL",
  listFilters: [{ name: "userId", description: "the owner (a LeadSquared user id, a GUID; required)", many: true }],
  create: (env, target = {}) =>
    leadSquaredAdapter({
      accessKey: credential(env, "LSQ_ACCESS_KEY", target.mock),
      secretKey: credential(env, "LSQ_SECRET_KEY", target.mock),
      taskType: setting(env, "LSQ_TASK_TYPE"),
      // A mock has no bulk limit (LeadSquared's is 1 call per 5 s); a base URL wins over the regional host.
      ...(target.mock ? { bulkRateLimit: false as const } : { host: setting(env, "LSQ_HOST") }),
      ...targetOptions(target),
    }),
};
