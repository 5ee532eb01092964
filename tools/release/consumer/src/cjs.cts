// A CommonJS consumer (compiled to require()): the CJS builds load, and a client works against a mock.
import mock = require("@crmkit/mock");
import oneLink = require("@crmkit/onelink");

async function main(): Promise<void> {
  const server = await mock.startMock("onelink");
  try {
    const client = oneLink.createOneLinkClient({ apiAccessToken: "smoke-token", baseUrl: server.url });
    const { data, response } = await client.GET("/api/v1/accounts/{account_id}/scheduling/appointments/{id}", {
      params: { path: { account_id: 1, id: 1 } },
    });
    if (!response.ok || data === undefined) throw new Error(`onelink (cjs): HTTP ${response.status}`);
    console.log(`ok onelink GET appointment (cjs): HTTP ${response.status}`);
  } finally {
    await server.close();
  }
  console.log("cjs consumer: passed");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
