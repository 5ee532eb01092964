// A fake token endpoint and API for the OAuth flows' tests (the vendor packages test their own flows with it).
import { expect } from "vitest";
import { createVendorClient } from "../src/index.js";
import { type paths, testVendor } from "./helpers.js";

export const jsonRes = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A fake transport: token endpoint + API that accepts only `valid` bearer tokens. */
export function transport(tokenUrl: string, issue: (form: URLSearchParams, n: number) => Response | Promise<Response>) {
  const tokenRequests: URLSearchParams[] = [];
  const apiAuth: string[] = [];
  const valid = new Set<string>();
  const fetch = async (r: Request) => {
    if (r.url === tokenUrl) {
      expect(r.method).toBe("POST");
      expect(r.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
      const form = new URLSearchParams(await r.text());
      tokenRequests.push(form);
      await sleep(30); // slow enough for concurrent callers to overlap
      return issue(form, tokenRequests.length);
    }
    const a = r.headers.get("authorization") ?? "";
    apiAuth.push(a);
    return valid.has(a) ? jsonRes(200, []) : jsonRes(401, { error: "Unauthorized", message: "Invalid token" });
  };
  return { fetch, tokenRequests, apiAuth, valid };
}

export const client = (auth: Parameters<typeof createVendorClient>[1], fetch: (r: Request) => Promise<Response>) =>
  createVendorClient<paths>({ ...testVendor, baseUrl: "https://api.vendor.test" }, auth, { rateLimit: false, fetch });

