// crm.scheduling.listAppointments follows the pages LeadSquared's contract declares (PageIndex / PageSize, RecordCount),
// against a local server that serves 23 appointments in pages: every appointment once, in order, and an abort stops it.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { AbortError } from "@crmkit/core";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createCrmkit } from "../src/index.js";
import { leadSquaredAdapter } from "../src/leadsquared.js";
import { caught, collect, guid } from "./helpers.js";

const owner = guid(500);
const at = (minutes: number) => new Date(Date.UTC(2026, 2, 9, 8) + minutes * 60_000).toISOString().slice(0, 19).replace("T", " ");
const tasks = Array.from({ length: 23 }, (_, i) => ({ UserTaskId: guid(i + 1), Name: `Visit ${i + 1}`, DueDate: at(i * 30), EndDate: at(i * 30 + 30), StatusCode: 0, OwnerId: owner }));
const window = { from: "2026-03-09T00:00:00Z", to: "2026-03-10T00:00:00Z" };

interface Received {
  body: { FromDate: string; ToDate: string; Users: string[]; Paging: { PageIndex: number; PageSize?: number } };
  res: ServerResponse;
}
let received: Received[];
/** When set, the server holds that page's request open (its response is never sent). */
let holdPage: number | undefined;
let server: ReturnType<typeof createServer>;
let baseUrl: string;

beforeEach(async () => {
  received = [];
  holdPage = undefined;
  server = createServer((req: IncomingMessage, res) => {
    let text = "";
    req.on("data", (chunk) => (text += chunk));
    req.on("end", () => {
      const body = JSON.parse(text) as Received["body"];
      received.push({ body, res });
      if (body.Paging.PageIndex === holdPage) return;
      const size = body.Paging.PageSize ?? 10;
      const page = tasks.slice((body.Paging.PageIndex - 1) * size, body.Paging.PageIndex * size);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ RecordCount: tasks.length, List: page }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const crm = () =>
  createCrmkit({ leadsquared: leadSquaredAdapter({ accessKey: "a", secretKey: "s", baseUrl, maxRetries: 0, rateLimit: false, bulkRateLimit: false }) });

it("reads every page until RecordCount: each appointment once, in order", async () => {
  const found = await collect(crm().scheduling.listAppointments({ vendor: "leadsquared", ...window, userId: owner }, { pageSize: 5 }));
  expect(found.map((a) => a.id)).toEqual(tasks.map((t) => t.UserTaskId));
  expect(found[22]).toMatchObject({ title: "Visit 23", start: new Date("2026-03-09T19:00:00Z"), end: new Date("2026-03-09T19:30:00Z"), assignedUserId: owner });
  expect(received.map((r) => r.body.Paging)).toEqual([1, 2, 3, 4, 5].map((PageIndex) => ({ PageIndex, PageSize: 5 })));
  expect(received.every((r) => r.body.FromDate === "2026-03-08" && r.body.ToDate === "2026-03-10" && r.body.Users[0] === owner)).toBe(true);
});

it("without a page size, the vendor's pages (10 here) are followed the same way", async () => {
  const found = await collect(crm().scheduling.listAppointments({ vendor: "leadsquared", ...window, userId: owner }));
  expect(found.map((a) => a.id)).toEqual(tasks.map((t) => t.UserTaskId));
  expect(received.map((r) => r.body.Paging)).toEqual([{ PageIndex: 1 }, { PageIndex: 2 }, { PageIndex: 3 }]);
});

it("an abort between pages stops the listing: no page after it is requested", async () => {
  const controller = new AbortController();
  const seen: string[] = [];
  const error = await caught(async () => {
    for await (const a of crm().scheduling.listAppointments({ vendor: "leadsquared", ...window, userId: owner }, { signal: controller.signal, pageSize: 4 })) {
      seen.push(a.id);
      if (seen.length === 6) controller.abort(); // in the middle of page 2
    }
  });
  expect(error).toBeInstanceOf(AbortError);
  expect(seen).toEqual(tasks.slice(0, 6).map((t) => t.UserTaskId));
  expect(received).toHaveLength(2);
});

it("an abort while a page is in flight rejects at once and requests nothing more", async () => {
  holdPage = 2;
  const controller = new AbortController();
  const seen: string[] = [];
  const listing = (async () => {
    for await (const a of crm().scheduling.listAppointments({ vendor: "leadsquared", ...window, userId: owner }, { signal: controller.signal, pageSize: 4 })) seen.push(a.id);
  })();
  await expect.poll(() => received.length).toBe(2); // page 2 asked for, and held
  controller.abort();
  expect(await caught(() => listing)).toBeInstanceOf(AbortError);
  expect(seen).toHaveLength(4);
  expect(received).toHaveLength(2);
});
