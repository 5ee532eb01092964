import type { AdapterEnvironment } from "@crmkit/core/scheduling";
import { credential, setting, targetOptions } from "@crmkit/core/scheduling";
import { type PexipEngageAdapter, pexipEngageAdapter } from "./scheduling.js";

/** Pexip Engage from the environment: a bearer token and the tenant (enterprise) slug. */
export const environment: AdapterEnvironment<PexipEngageAdapter> = {
  vendor: "pexip-engage",
  required: ["PEXIP_TOKEN", "PEXIP_ENTERPRISE"],
  optional: [],
  baseUrl: "PEXIP_BASE_URL",
  create: (env, target = {}) =>
    pexipEngageAdapter({
      token: credential(env, "PEXIP_TOKEN", target.mock),
      enterprise: setting(env, "PEXIP_ENTERPRISE") ?? (target.mock ? "acme" : ""),
      ...targetOptions(target),
    }),
};
