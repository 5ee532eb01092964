// paginate() against a local server that serves a listing in several pages, once per paging style.
import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { AbortError, type PaginationMeta, PaginationError, type PageParams, ValidationError, paginate, withPage } from "../src/index.js";
import { type Handler, json, startServer } from "./helpers.js";

const catalogue = Array.from({ length: 23 }, (_, i) => ({ id: `item-${i + 1}` }));
const ids = catalogue.map((item) => item.id);

let server: Awaited<ReturnType<typeof startServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handler: Handler) {
  server = await startServer(handler);
  return server;
}

const query = (url: string) => new URL(url, "http://localhost").searchParams;

/** GET /items?offset&limit → { data, total } */
const offsetListing: Handler = (_req, res, hit) => {
  const offset = Number(query(hit.url).get("offset") ?? 0);
  const limit = Number(query(hit.url).get("limit") ?? 10);
  json(res, 200, { data: catalogue.slice(offset, offset + limit), total: catalogue.length });
};
const offsetPaging: PaginationMeta = { style: "offset", items: "/data", offset: "query.offset", pageSize: "query.limit", total: "/total", end: ["empty-page", "total"] };

/** POST /search { filter, paging: { page, size, sort } } → { results }; the page number is 1-based. */
const pageListing: Handler = (_req, res, hit) => {
  const { paging, filter } = JSON.parse(hit.body);
  if (filter !== "all" || paging.sort !== "id") return json(res, 400, { error: "the base body was lost" });
  json(res, 200, { results: catalogue.slice((paging.page - 1) * paging.size, paging.page * paging.size) });
};
const pagePaging: PaginationMeta = { style: "page", items: "/results", page: "body.paging.page", firstPage: 1, pageSize: "body.paging.size", end: ["empty-page"] };

/** GET /events?after&limit → { events, next: { after } }, `after` null on the last page. */
const cursorListing: Handler = (_req, res, hit) => {
  const after = query(hit.url).get("after");
  const limit = Number(query(hit.url).get("limit"));
  const start = after === null ? 0 : ids.indexOf(after) + 1;
  const events = catalogue.slice(start, start + limit);
  const more = start + limit < catalogue.length;
  json(res, 200, { events, next: { after: more ? events.at(-1)!.id : null } });
};
const cursorPaging: PaginationMeta = { style: "cursor", items: "/events", cursor: { "query.after": "/next/after" }, pageSize: "query.limit", end: ["no-cursor"] };

/** A page fetcher over the global fetch: query values into the URL, body values into a JSON body. */
const getPage =
  (path: string) =>
  async (page: PageParams, signal: AbortSignal | undefined): Promise<unknown> => {
    const url = new URL(path, server!.url);
    for (const [name, value] of Object.entries(page.query)) url.searchParams.set(name, String(value));
    return (await fetch(url, { signal })).json();
  };
const postPage = (path: string, base: object) => async (page: PageParams, signal: AbortSignal | undefined) => {
  const { body } = withPage({ body: base }, page);
  return (await fetch(new URL(path, server!.url), { method: "POST", body: JSON.stringify(body), signal })).json();
};

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
const idsOf = (items: unknown[]) => items.map((item) => (item as { id: string }).id);

describe("paginate follows every paging style", () => {
  it("offset: every item once, in order, and no request after the total is reached", async () => {
    const { hits } = await serve(offsetListing);
    expect(idsOf(await collect(paginate(getPage("/items"), offsetPaging, { pageSize: 5 })))).toEqual(ids);
    expect(hits.map((h) => `${query(h.url).get("offset")}/${query(h.url).get("limit")}`)).toEqual(["0/5", "5/5", "10/5", "15/5", "20/5"]);
  });

  it("offset: advances by the items received when the server caps the page size", async () => {
    const { hits } = await serve((req, res, hit) => {
      const offset = Number(query(hit.url).get("offset"));
      json(res, 200, { data: catalogue.slice(offset, offset + 4), total: catalogue.length });
    });
    expect(idsOf(await collect(paginate(getPage("/items"), offsetPaging, { pageSize: 10 })))).toEqual(ids);
    expect(hits.map((h) => query(h.url).get("offset"))).toEqual(["0", "4", "8", "12", "16", "20"]);
  });

  it("page: body paging merged into the request body, until an empty page", async () => {
    const { hits } = await serve(pageListing);
    const fetchPage = postPage("/search", { filter: "all", paging: { sort: "id" } });
    expect(idsOf(await collect(paginate(fetchPage, pagePaging, { pageSize: 5 })))).toEqual(ids);
    expect(hits.map((h) => JSON.parse(h.body).paging.page)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("cursor: sends each returned cursor once and stops when none comes back", async () => {
    const { hits } = await serve(cursorListing);
    expect(idsOf(await collect(paginate(getPage("/events"), cursorPaging, { pageSize: 10 })))).toEqual(ids);
    expect(hits.map((h) => query(h.url).get("after"))).toEqual([null, "item-10", "item-20"]);
  });

  it("has-more: stops on the page that says no more follow", async () => {
    const { hits } = await serve((_req, res, hit) => {
      const offset = Number(query(hit.url).get("offset"));
      json(res, 200, { notes: catalogue.slice(offset, offset + 10), hasMore: offset + 10 < catalogue.length });
    });
    const paging: PaginationMeta = { style: "offset", items: "/notes", offset: "query.offset", hasMore: "/hasMore", end: ["has-more"] };
    expect(idsOf(await collect(paginate(getPage("/notes"), paging)))).toEqual(ids);
    expect(hits).toHaveLength(3);
  });
});

describe("paginate stops when asked", () => {
  it("abort mid-way: no further request, and the iteration rejects with AbortError", async () => {
    const { hits } = await serve(offsetListing);
    const controller = new AbortController();
    const seen: string[] = [];
    const listing = paginate(getPage("/items"), offsetPaging, { pageSize: 5, signal: controller.signal });
    await expect(
      (async () => {
        for await (const item of listing) {
          seen.push((item as { id: string }).id);
          if (seen.length === 7) controller.abort();
        }
      })(),
    ).rejects.toBeInstanceOf(AbortError);
    expect(seen).toEqual(ids.slice(0, 7));
    expect(hits).toHaveLength(2);
  });

  it("abort during a request: the request gets the signal and nothing follows it", async () => {
    let holdSecondPage: ServerResponse | undefined;
    const { hits } = await serve((req, res, hit, n) => (n === 2 ? (holdSecondPage = res) : offsetListing(req, res, hit, n)));
    const controller = new AbortController();
    const listing = paginate(getPage("/items"), offsetPaging, { pageSize: 5, signal: controller.signal });
    for (let i = 0; i < 5; i++) await listing.next();
    const pending = listing.next();
    await expect.poll(() => hits.length).toBe(2);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    await expect(listing.next()).resolves.toEqual({ done: true, value: undefined });
    holdSecondPage?.end();
    expect(hits).toHaveLength(2);
  });

  it("a consumer that stops reading stops the requests", async () => {
    const { hits } = await serve(offsetListing);
    for await (const item of paginate(getPage("/items"), offsetPaging, { pageSize: 5 })) {
      if ((item as { id: string }).id === "item-3") break;
    }
    expect(hits).toHaveLength(1);
  });
});

describe("paginate refuses to loop on a broken server", () => {
  it("throws a PaginationError when the server answers a cursor with the same cursor", async () => {
    const { hits } = await serve((_req, res) => json(res, 200, { events: catalogue.slice(0, 3), next: { after: "item-3" } }));
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const item of paginate(getPage("/events"), cursorPaging)) seen.push(item);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaginationError);
    expect(error).toMatchObject({ reason: "repeated-cursor" });
    expect(idsOf(seen)).toEqual(["item-1", "item-2", "item-3"]);
    expect(hits.map((h) => query(h.url).get("after"))).toEqual([null, "item-3"]);
  });

  it("throws a PaginationError when the server ignores the offset and repeats its page", async () => {
    const { hits } = await serve((_req, res) => json(res, 200, { data: catalogue.slice(0, 5), total: catalogue.length }));
    await expect(collect(paginate(getPage("/items"), offsetPaging, { pageSize: 5 }))).rejects.toMatchObject({ name: "PaginationError", reason: "repeated-page" });
    expect(hits).toHaveLength(2);
  });

  it("throws a PaginationError naming the pointer when a page has no item array", async () => {
    await serve((_req, res) => json(res, 200, { error: "nope" }));
    await expect(collect(paginate(getPage("/items"), offsetPaging))).rejects.toMatchObject({ reason: "no-items", message: expect.stringContaining("/data") });
  });

  it("rejects a bad page size before any request", async () => {
    const { hits } = await serve(offsetListing);
    for (const pageSize of [0, -5, 2.5]) {
      await expect(collect(paginate(getPage("/items"), offsetPaging, { pageSize }))).rejects.toMatchObject({ name: "ValidationError", field: "pageSize" });
    }
    await expect(collect(paginate(getPage("/items"), offsetPaging, { pageSize: 0 }))).rejects.toBeInstanceOf(ValidationError);
    expect(hits).toHaveLength(0);
  });
});

describe("withPage", () => {
  it("merges query values and nested body values into an openapi-fetch init without touching it", () => {
    const init = { params: { path: { id: "1" }, query: { q: "x", limit: 1 } }, body: { filter: "all", paging: { sort: "id" } } };
    const merged = withPage(init, { query: { limit: 20 }, body: { paging: { page: 2 } } });
    expect(merged).toEqual({ params: { path: { id: "1" }, query: { q: "x", limit: 20 } }, body: { filter: "all", paging: { sort: "id", page: 2 } } });
    expect(init.params.query.limit).toBe(1);
    expect(init.body.paging).toEqual({ sort: "id" });
  });
});
