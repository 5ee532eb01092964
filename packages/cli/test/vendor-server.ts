// A local stand-in for the vendors' move and cancel endpoints, on a free port: it answers every call and records, per
// appointment, when it answered, so a test can compare what a killed run wrote with what the vendor really did.
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface Answered {
  vendor: string;
  appointmentId: string;
  /** Date.now() when the answer was sent. */
  at: number;
  route: Route;
}

export interface VendorServer {
  url: string;
  answered: Answered[];
  /** Every id a call named, as the call arrived: the vendor applies a call before it answers (a killed client may never hear). */
  applied: { route: Route; appointmentId: string }[];
  /** Resolves once `count` moves were answered. */
  answeredAtLeast(count: number): Promise<void>;
  /** Resolves once `count` calls have arrived (answered or not). */
  receivedAtLeast(count: number): Promise<void>;
  close(): Promise<void>;
}

interface Route {
  vendor: string;
  method: string;
  path: RegExp;
  ids: (match: RegExpMatchArray, body: any) => string[];
  /** The answer to call `n`; `again`: every id was applied by this route before. */
  body: (ids: string[], n: number, again: boolean) => unknown;
}

const routes: Route[] = [
  {
    vendor: "onelink",
    method: "PATCH",
    path: /^\/api\/v1\/accounts\/\d+\/scheduling\/appointments\/(\d+)$/,
    ids: (m) => [m[1]!],
    body: ([id]) => ({ payload: { id: Number(id) } }),
  },
  {
    vendor: "leadconnector",
    method: "PUT",
    path: /^\/calendars\/events\/appointments\/([^/]+)$/,
    ids: (m) => [decodeURIComponent(m[1]!)],
    body: ([id]) => ({ id, calendarId: "c", locationId: "l", contactId: "k" }),
  },
  {
    vendor: "leadsquared",
    method: "POST",
    path: /^\/v2\/Task\.svc\/BulkUpdateAppointmentTime$/,
    ids: (_m, body) => (body?.TaskList ?? []).map((t: { UserTaskId: string }) => t.UserTaskId),
    body: (_ids, n) => ({ Status: "Success", Message: { Id: `job-${n}`, IsSuccessful: true } }),
  },
  {
    vendor: "onelink",
    method: "POST",
    path: /^\/api\/v1\/accounts\/\d+\/scheduling\/appointments\/(\d+)\/cancel$/,
    ids: (m) => [m[1]!],
    body: ([id]) => ({ payload: { id: Number(id), status: "cancelled" } }),
  },
  {
    // LeadSquared cancels by deleting: a task deleted before is not deleted again (DeletedTasksCount 0).
    vendor: "leadsquared",
    method: "POST",
    path: /^\/v2\/Task\.svc\/DeleteTasks$/,
    ids: (_m, body) => body?.TaskIds ?? [],
    body: (ids, _n, again) => ({ Status: "Success", Operation: "Bulk Delete Tasks", TasksCount: ids.length, DeletedTasksCount: again ? 0 : ids.length, FailureReason: again ? "Task not found" : null }),
  },
];

/** `delayMs`: how long each answer takes (so a test can stop a run part-way). */
export async function startVendorServer({ delayMs = 0 } = {}): Promise<VendorServer> {
  const answered: Answered[] = [];
  const applied: VendorServer["applied"] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const arrivalWaiters: { count: number; resolve: () => void }[] = [];
  let calls = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = new URL(req.url!, "http://x").pathname;
      let match: RegExpMatchArray | null = null;
      const route = routes.find((r) => r.method === req.method && (match = path.match(r.path)));
      if (!route) return res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ message: `no route ${req.method} ${path}` }));
      const text = Buffer.concat(chunks).toString("utf8");
      const ids = route.ids(match!, text ? JSON.parse(text) : undefined);
      const n = ++calls;
      const again = ids.length > 0 && ids.every((id) => applied.some((a) => a.route === route && a.appointmentId === id));
      for (const id of ids) applied.push({ route, appointmentId: id });
      for (const w of arrivalWaiters.filter((w) => calls >= w.count)) w.resolve();
      const timer = setTimeout(() => {
        if (res.destroyed) return; // the client gave up: not answered
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(route.body(ids, n, again)));
        const at = Date.now();
        for (const id of ids) answered.push({ vendor: route.vendor, appointmentId: id, at, route });
        for (const w of waiters.filter((w) => answered.length >= w.count)) w.resolve();
      }, delayMs);
      res.on("close", () => clearTimeout(timer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answered,
    applied,
    answeredAtLeast: (count) => (answered.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve }))),
    receivedAtLeast: (count) => (calls >= count ? Promise.resolve() : new Promise((resolve) => arrivalWaiters.push({ count, resolve }))),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
