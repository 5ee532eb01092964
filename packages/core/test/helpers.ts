import { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type Auth, type CrmkitClientOptions, type VendorDefinition, bearerAuth, createVendorClient } from "../src/index.js";

/** One request the test server received. */
export interface Hit {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, hit: Hit, n: number) => void;

/** A scripted HTTP server on 127.0.0.1 (port 0); `n` is the 1-based index of the request. */
export async function startServer(handler: Handler) {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const hit: Hit = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString(), at: Date.now() };
      hits.push(hit);
      handler(req, res, hit, hits.length);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    hits,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
};

export interface Item {
  id: string;
  name: string;
}
interface ErrorBody {
  error: string;
  code: string;
  details?: unknown;
}
type NoParams = { query?: never; header?: never; path?: never; cookie?: never };
type Res<T> = { headers: { [name: string]: unknown }; content: { "application/json": T } };

/** openapi-typescript-shaped paths for the test vendor. */
export interface paths {
  "/items": {
    parameters: NoParams;
    get: {
      parameters: { query?: { q?: string; accessKey?: string; secretKey?: string }; header?: never; path?: never; cookie?: never };
      requestBody?: never;
      responses: { 200: Res<Item[]>; 400: Res<ErrorBody> };
    };
    post: {
      parameters: NoParams;
      requestBody: { content: { "application/json": { name: string; idempotency_key?: string } } };
      responses: { 201: Res<Item>; 422: Res<ErrorBody> };
    };
  };
  "/items/search": {
    parameters: NoParams;
    post: {
      parameters: NoParams;
      requestBody: { content: { "application/json": { q: string } } };
      responses: { 200: Res<Item[]> };
    };
  };
  "/items/{id}": {
    parameters: NoParams;
    get: {
      parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
      requestBody?: never;
      responses: { 200: Res<Item>; 404: Res<ErrorBody> };
    };
    put: {
      parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
      requestBody: { content: { "application/json": Item } };
      responses: { 200: Res<Item> };
    };
    delete: {
      parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
      requestBody?: never;
      responses: { 204: { headers: { [name: string]: unknown }; content?: never } };
    };
  };
  "/items/{id}/cancel": {
    parameters: NoParams;
    post: {
      parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
      requestBody?: never;
      responses: { 200: Res<Item> };
    };
  };
}

/** The test vendor: One-Link-like errors, a LeadSquared-like "error inside a 2xx". */
export const testVendor: VendorDefinition = {
  vendor: "onelink",
  baseUrl: "http://127.0.0.1:9/api",
  operations: [
    { method: "GET", path: "/items", operationId: "listItems", readOnly: true },
    { method: "POST", path: "/items", operationId: "createItem", idempotencyKey: "idempotency_key" },
    { method: "GET", path: "/items/{id}", operationId: "getItem", readOnly: true },
    { method: "PUT", path: "/items/{id}", operationId: "replaceItem", headers: { Version: "2021-07-28" } },
    { method: "DELETE", path: "/items/{id}", operationId: "deleteItem" },
    { method: "POST", path: "/items/search", operationId: "searchItems", idempotent: true, readOnly: true },
    { method: "POST", path: "/items/{id}/cancel", operationId: "cancelItem" },
  ],
  rateLimit: { limit: 3000, windowMs: 60_000 },
  parseError: (body) => {
    const b = body as { error?: string; code?: string; details?: unknown; Status?: string; ExceptionType?: string; ExceptionMessage?: string } | null;
    if (b && typeof b == "object") {
      if (b.Status === "Error") return { code: b.ExceptionType, message: b.ExceptionMessage };
      return { code: b.code, message: b.error, details: b.details };
    }
    return {};
  },
  isErrorBody: (body) => (body as { Status?: string } | null)?.Status === "Error",
  requestIdHeaders: ["x-request-id"],
  // A vendor with rate-limit headers of its own: none left in the window means wait out the window's interval.
  serverDelay: (headers) =>
    headers.get("x-ratelimit-remaining") == "0" ? Number(headers.get("x-ratelimit-interval-milliseconds") ?? NaN) : NaN,
};

let seq = 0;
/** A client on `url`, no client-side rate limit, deterministic backoff (random = 0) and recorded, instant sleeps. */
export function testClient(url: string, options: CrmkitClientOptions & { _t?: object } = {}, auth: Auth = bearerAuth(`tok_test_${++seq}`)) {
  const delays: number[] = [];
  const client = createVendorClient<paths>({ ...testVendor, baseUrl: url + "/api" }, auth, {
    rateLimit: false,
    ...options,
    _t: {
      sleep: async (ms: number) => void delays.push(ms),
      random: () => 0,
      ...options._t,
    },
  } as CrmkitClientOptions);
  return { client, delays };
}

/** Count of active Timeout resources (timers) in this process. */
export const activeTimers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
