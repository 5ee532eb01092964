// The generated pagination of GET /opportunities/search, followed by paginate() through the real client against a
// local server that pages by HighLevel's cursor pair (meta.startAfter + meta.startAfterId).
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { paginate, unwrap, withPage } from "@crmkit/core";
import { afterEach, expect, it } from "vitest";
import { operations } from "../src/generated/operations.js";
import { createLeadConnectorClient, type components } from "../src/index.js";

type Opportunity = components["schemas"]["SearchOpportunitiesResponseSchema"];
const opportunities: Opportunity[] = Array.from({ length: 7 }, (_, i) => ({ id: `opp-${i + 1}`, createdAt: new Date(Date.UTC(2024, 0, 1 + i)).toISOString() }));
const received: URLSearchParams[] = [];
const versions: (string | undefined)[] = [];

const server = createServer((req: IncomingMessage, res) => {
  const query = new URL(req.url!, "http://localhost").searchParams;
  received.push(query);
  versions.push(req.headers.version as string | undefined);
  const limit = Number(query.get("limit"));
  const after = query.get("startAfterId");
  const start = after === null ? 0 : opportunities.findIndex((o) => o.id === after) + 1;
  const page = opportunities.slice(start, start + limit);
  const last = page.at(-1);
  const meta = { total: opportunities.length, startAfterId: last?.id, startAfter: last ? Date.parse(last.createdAt!) : undefined };
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ opportunities: page, meta }));
});

afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

it("follows the cursor pair the spec declares until meta.total is reached", async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const client = createLeadConnectorClient({ token: "test-token", baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, rateLimit: false });
  const search = operations.find((o) => o.operationId === "search-opportunity")!;
  const base = { params: { query: { location_id: "i2SpAtBVHSVea1sL6oah", status: "open" as const } } };

  const ids: string[] = [];
  const listing = paginate<Opportunity>((page, signal) => unwrap(client.GET("/opportunities/search", { ...withPage(base, page), signal })), search.pagination!, {
    pageSize: 3,
  });
  for await (const opportunity of listing) ids.push(opportunity.id!);

  expect(ids).toEqual(opportunities.map((o) => o.id));
  expect(received.map((q) => [q.get("startAfterId"), q.get("startAfter"), q.get("limit"), q.get("location_id")])).toEqual([
    [null, null, "3", "i2SpAtBVHSVea1sL6oah"],
    ["opp-3", String(Date.UTC(2024, 0, 3)), "3", "i2SpAtBVHSVea1sL6oah"],
    ["opp-6", String(Date.UTC(2024, 0, 6)), "3", "i2SpAtBVHSVea1sL6oah"],
  ]);
  expect(versions).toEqual(["2021-07-28", "2021-07-28", "2021-07-28"]);
});
