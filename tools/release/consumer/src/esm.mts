// An ESM consumer of the installed tarballs: every vendor client against the mock servers from @crmkit/mock.
import { startMocks, vendors, type MockServer, type Vendor } from "@crmkit/mock";
import { CrmkitError, unwrap } from "@crmkit/core";
import { createLeadConnectorClient } from "@crmkit/leadconnector";
import { createLeadSquaredClient } from "@crmkit/leadsquared";
import { createOneLinkClient, type components as OneLink } from "@crmkit/onelink";
import { createPexipEngageClient } from "@crmkit/pexip-engage";
import { expectData } from "./check.mjs";

// Every contract the installed @crmkit/mock ships, so the tarball's own vendor list is exercised too.
const mocks: MockServer[] = await startMocks(vendors);
const urlOf = (vendor: Vendor): string => {
  const mock = mocks.find((m) => m.vendor === vendor);
  if (!mock) throw new Error(`no mock for ${vendor}`);
  return mock.url;
};

try {
  const leadConnector = createLeadConnectorClient({ token: "smoke-token", baseUrl: urlOf("leadconnector") });
  expectData("leadconnector GET /opportunities/pipelines", await leadConnector.GET("/opportunities/pipelines", { params: { query: { locationId: "ve9EPM428h8vShlRW1KT" } } }));

  const leadSquared = createLeadSquaredClient({ accessKey: "smoke-access", secretKey: "smoke-secret", baseUrl: urlOf("leadsquared") });
  expectData("leadsquared GET /v2/Task.svc/Retrieve.GetById", await leadSquared.GET("/v2/Task.svc/Retrieve.GetById", { params: { query: { id: "0a4b8a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b" } } }));

  const oneLink = createOneLinkClient({ apiAccessToken: "smoke-token", baseUrl: urlOf("onelink") });
  const list = await unwrap(oneLink.GET("/api/v1/accounts/{account_id}/scheduling/appointments", { params: { path: { account_id: 1 } } }));
  const appointments: OneLink["schemas"]["AppointmentListResponse"] = list;
  console.log(`ok onelink GET appointments via unwrap: ${appointments.payload.length} appointment(s)`);

  const pexip = createPexipEngageClient({ token: "smoke-token", enterprise: "acme", baseUrl: urlOf("pexip-engage") });
  expectData("pexip-engage GET /lead-segments/{id}", await pexip.GET("/lead-segments/{id}", { params: { path: { id: "42" } } }));

  // Bad input fails before any request, with the library's own error types.
  try {
    createOneLinkClient({ apiAccessToken: "" });
    throw new Error("an empty token was accepted");
  } catch (error) {
    if (!(error instanceof TypeError || error instanceof CrmkitError)) throw error;
  }
} finally {
  await Promise.all(mocks.map((m) => m.close()));
}
console.log("esm consumer: passed");
