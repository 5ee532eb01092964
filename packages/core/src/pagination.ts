import { AbortError, CrmkitError, ValidationError } from "./errors.js";

/** A condition that ends a paged listing; the spec's `x-crmkit-pagination.end` lists the ones the vendor documents. */
export type PaginationEnd =
  /** The page has no items. */
  | "empty-page"
  /** As many items as the number at `total` have been read. */
  | "total"
  /** The boolean at `hasMore` is false. */
  | "has-more"
  /** The response carries no next cursor (every `cursor` value is absent, null or empty). A cursor listing always
   * ends there, since it cannot go on; declaring it documents that the vendor signals the end this way. */
  | "no-cursor";

/**
 * How an operation pages, generated from the spec's `x-crmkit-pagination` (see specs/CONVENTIONS.md). Request
 * locations are `query.<name>` or `body.<dotted.path>`; response locations are JSON pointers into the body.
 */
export interface PaginationMeta {
  style: "cursor" | "page" | "offset";
  /** The array of items. */
  items: string;
  /** Where the page size goes. */
  pageSize?: string;
  /** `offset` style: where the 0-based index of the first item goes. */
  offset?: string;
  /** `page` style: where the page number goes, and the number of the first page. */
  page?: string;
  firstPage?: number;
  /** `cursor` style: for each request location, the response value to send there for the next page. */
  cursor?: Record<string, string>;
  /** The number of items over all pages. */
  total?: string;
  /** A boolean, true while more items follow. */
  hasMore?: string;
  end: readonly PaginationEnd[];
}

/** The paging values of one request: query parameters, and body fields as a nested object. */
export interface PageParams {
  query: Record<string, string | number>;
  body: Record<string, unknown>;
}

export interface PaginateOptions {
  /** Stops the listing: no request is sent once it fired, and the in-flight one gets the signal. */
  signal?: AbortSignal;
  /** Items per page, sent where the operation says (`pageSize`); the vendor's default when absent. */
  pageSize?: number;
}

/** The server broke the paging contract: a page without its item array, or the same page again (which would loop). */
export class PaginationError extends CrmkitError {
  static override k = "PaginationError";
  constructor(
    readonly reason: "repeated-cursor" | "repeated-page" | "no-items",
    message: string,
  ) {
    super(message);
  }
}

/** RFC 6901 JSON pointer lookup; `undefined` when any step is missing. */
export const readPointer = (body: unknown, pointer: string): unknown =>
  pointer
    .split("/")
    .slice(1)
    .map((token) => token.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce<unknown>((node, key) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), body);

const setLocation = (params: PageParams, location: string, value: string | number): void => {
  const [where, ...path] = location.split(".");
  if (where === "query") {
    params.query[path.join(".")] = value;
    return;
  }
  let node = params.body;
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[path[path.length - 1]!] = value;
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * A copy of an openapi-fetch request init with the page's values merged in: `params.query` gets the query values,
 * `body` the body values (nested objects merged, not replaced).
 */
export function withPage<Init extends { params?: { query?: object }; body?: unknown }>(init: Init, page: PageParams): Init {
  const merge = (into: unknown, from: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = isPlainObject(into) ? { ...into } : {};
    for (const [key, value] of Object.entries(from)) out[key] = isPlainObject(value) ? merge(out[key], value) : value;
    return out;
  };
  const copy: Record<string, unknown> = { ...init };
  if (Object.keys(page.query).length) copy.params = { ...init.params, query: { ...init.params?.query, ...page.query } };
  if (Object.keys(page.body).length) copy.body = merge(init.body, page.body);
  return copy as Init;
}

const isEmptyCursorValue = (value: unknown) => value === undefined || value === null || value === "";

interface Position {
  offset: number;
  page: number;
  cursor?: Record<string, unknown>;
}

function pageParams(pagination: PaginationMeta, at: Position, pageSize: number | undefined): PageParams {
  const params: PageParams = { query: {}, body: {} };
  if (pageSize !== undefined && pagination.pageSize) setLocation(params, pagination.pageSize, pageSize);
  if (pagination.style === "offset" && pagination.offset) setLocation(params, pagination.offset, at.offset);
  if (pagination.style === "page" && pagination.page) setLocation(params, pagination.page, at.page);
  for (const [location, value] of Object.entries(at.cursor ?? {})) {
    if (!isEmptyCursorValue(value)) setLocation(params, location, typeof value === "number" ? value : String(value));
  }
  return params;
}

/** Whether `body` (with `items`, after `read` items in all) is the last page, by the conditions the operation lists. */
function isLastPage(pagination: PaginationMeta, body: unknown, items: unknown[], read: number, next: Record<string, unknown> | undefined) {
  const { end, total, hasMore } = pagination;
  const count = total === undefined ? undefined : readPointer(body, total);
  return (
    (end.includes("empty-page") && items.length === 0) ||
    (end.includes("total") && typeof count === "number" && read >= count) ||
    (end.includes("has-more") && hasMore !== undefined && readPointer(body, hasMore) === false) ||
    (next !== undefined && Object.values(next).every(isEmptyCursorValue))
  );
}

/**
 * Follows the pages of a listing, yielding every item once, in order. `fetchPage` performs one request with the
 * given paging values (merge them with `withPage`) and returns the parsed body; it should throw on an error
 * response (e.g. via `unwrap`). Stops at the first end condition the operation documents. A page that brings
 * nothing new (the cursor it was asked with, or the items of the page before at a new offset or page number) throws
 * a PaginationError before its items are yielded, instead of looping forever.
 */
export async function* paginate<Item = unknown>(
  fetchPage: (page: PageParams, signal: AbortSignal | undefined) => Promise<unknown>,
  pagination: PaginationMeta,
  options: PaginateOptions = {},
): AsyncGenerator<Item, void, undefined> {
  const { signal, pageSize } = options;
  if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize > 0)) {
    throw new ValidationError("pageSize", "must be a positive integer");
  }
  const at: Position = { offset: 0, page: pagination.firstPage ?? 1 };
  let read = 0;
  let previousItems: string | undefined;

  for (;;) {
    if (signal?.aborted) throw new AbortError("Aborted");
    const body = await fetchPage(pageParams(pagination, at, pageSize), signal);
    if (signal?.aborted) throw new AbortError("Aborted");
    const items = readPointer(body, pagination.items);
    if (!Array.isArray(items)) throw new PaginationError("no-items", `The page has no item array at ${pagination.items}`);

    const next =
      pagination.style === "cursor"
        ? Object.fromEntries(Object.entries(pagination.cursor ?? {}).map(([location, pointer]) => [location, readPointer(body, pointer)]))
        : undefined;
    const last = isLastPage(pagination, body, items, read + items.length, next);
    if (!last && next !== undefined && at.cursor !== undefined && JSON.stringify(next) === JSON.stringify(at.cursor)) {
      throw new PaginationError("repeated-cursor", `The server answered cursor ${JSON.stringify(next)} with the same cursor`);
    }
    if (pagination.style !== "cursor" && items.length > 0) {
      const serialized = JSON.stringify(items);
      if (serialized === previousItems) {
        throw new PaginationError("repeated-page", `The server returned the same ${items.length} items for the next ${pagination.style}`);
      }
      previousItems = serialized;
    }

    for (const item of items as Item[]) {
      if (signal?.aborted) throw new AbortError("Aborted");
      yield item;
    }
    read += items.length;
    if (last) return;
    at.cursor = next;
    at.offset += items.length;
    at.page += 1;
  }
}
