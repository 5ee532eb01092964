// The crmkit every contract suite of the facade uses: each vendor against its Prism mock, through a fetch that fails
// any request Prism rejects.
import { ApiError } from "@crmkit/core";
import { createContractFetch } from "@crmkit/contract-testing";
import { expect, inject } from "vitest";
import { createCrmkit } from "../src/index.js";
import { leadConnectorAdapter } from "../src/leadconnector.js";
import { leadSquaredAdapter } from "../src/leadsquared.js";
import { oneLinkAdapter } from "../src/onelink.js";
import { pexipEngageAdapter } from "../src/pexip-engage.js";

const urls = inject("mockUrls");
export const isStatic = inject("mockMode") === "static";

export function setup() {
  const fetch = createContractFetch();
  const common = { fetch, maxRetries: 0 };
  const crm = createCrmkit({
    leadconnector: leadConnectorAdapter({ ...common, token: "contract-token", baseUrl: urls.leadconnector, locationId: "C2QujeCh8ZnC7al2InWR", calendarId: "CVokAlI8fgw4WYWoCtQz" }),
    leadsquared: leadSquaredAdapter({ ...common, accessKey: "contract-access", secretKey: "contract-secret", baseUrl: urls.leadsquared, bulkRateLimit: false }),
    onelink: oneLinkAdapter({ ...common, apiAccessToken: "contract-token", baseUrl: urls.onelink, accountId: 12 }),
    pexipEngage: pexipEngageAdapter({ ...common, token: "contract-token", enterprise: "acme", baseUrl: urls["pexip-engage"] }),
  });
  return { crm, fetch };
}

/** A result, or in dynamic mode a typed vendor error (e.g. LeadSquared's error-in-200 branch); never a rejected request. */
export async function settle<T>(work: Promise<T>, fetch: ReturnType<typeof createContractFetch>): Promise<T | ApiError> {
  try {
    return await work;
  } catch (error) {
    expect(fetch.rejections, "Prism rejected the request").toEqual([]);
    expect(error).toBeInstanceOf(ApiError);
    if (isStatic) throw error;
    return error as ApiError;
  }
}

