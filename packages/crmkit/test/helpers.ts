// A scripted vendor for unit tests: every request the clients send is recorded and answered by a handler, no network.
import { createCrmkit } from "../src/index.js";
import { leadConnectorAdapter } from "../src/leadconnector.js";
import { leadSquaredAdapter } from "../src/leadsquared.js";
import { oneLinkAdapter } from "../src/onelink.js";
import { pexipEngageAdapter } from "../src/pexip-engage.js";

export interface Call {
  method: string;
  path: string;
  url: URL;
  headers: Headers;
  body: any;
  /** The request's signal: aborted when the client gives up on it. */
  signal: AbortSignal;
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

export function fakeVendor(handler: (call: Call, index: number) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const text = await request.text();
    const url = new URL(request.url);
    const call: Call = { method: request.method, path: url.pathname, url, headers: request.headers, body: text ? JSON.parse(text) : undefined, signal: request.signal };
    calls.push(call);
    return handler(call, calls.length - 1);
  };
  return { fetch, calls };
}

export const lsqAccepted = (id = "5812945") => json({ Status: "Success", Message: { Id: id, IsSuccessful: true } });

// Client options for the fake vendors: no retries or rate limits unless a test asks for them.
export const quiet = { maxRetries: 0, rateLimit: false } as const;
export const guid = (n: number) => `0aa0b97c-a507-11e8-a43f-${n.toString(16).padStart(12, "0")}`;

/** A crmkit with every built-in vendor on one scripted transport (adapter defaults: HighLevel location loc-1, calendar cal-1). */
export function allVendors(handler: (call: Call) => Response | Promise<Response> = () => json({}), clientOptions: object = quiet) {
  const vendor = fakeVendor(handler);
  const common = { ...clientOptions, fetch: vendor.fetch };
  const crm = createCrmkit({
    leadconnector: leadConnectorAdapter({ ...common, token: "lc-token", baseUrl: "https://lc.test", locationId: "loc-1", calendarId: "cal-1" }),
    leadsquared: leadSquaredAdapter({ ...common, accessKey: "lsq-access", secretKey: "lsq-secret", baseUrl: "https://lsq.test", bulkRateLimit: false }),
    onelink: oneLinkAdapter({ ...common, apiAccessToken: "ol-token", baseUrl: "https://ol.test", accountId: 7 }),
    pexipEngage: pexipEngageAdapter({ ...common, token: "px-token", enterprise: "acme", baseUrl: "https://px.test" }),
  });
  return { crm, calls: vendor.calls };
}

/** Every item of an async iterable, in order. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** The error `work` throws or rejects with (a test fails when there is none). */
export async function caught(work: () => unknown): Promise<any> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}
