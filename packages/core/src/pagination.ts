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

/**
 * Follows the pages of a listing, yielding every item once, in order. `fetchPage` performs one request with the
 * given paging values (merge them with `withPage`) and returns the parsed body; it should throw on an error
 * response (e.g. via `unwrap`). Stops at the first end condition the operation documents; a page that brings
 * nothing new (the same cursor, or the same items at a new offset or page) throws a PaginationError instead of
 * looping forever.
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
  const { style, end } = pagination;
  let offset = 0;
  let page = pagination.firstPage ?? 1;
  let cursor: Record<string, unknown> | undefined;
  let read = 0;
  let previousPage: string | undefined;

  for (;;) {
    if (signal?.aborted) throw new AbortError("Aborted");
    const params: PageParams = { query: {}, body: {} };
    if (pageSize !== undefined && pagination.pageSize) setLocation(params, pagination.pageSize, pageSize);
    if (style === "offset" && pagination.offset) setLocation(params, pagination.offset, offset);
    if (style === "page" && pagination.page) setLocation(params, pagination.page, page);
    for (const [location, value] of Object.entries(cursor ?? {})) {
      if (!isEmptyCursorValue(value)) setLocation(params, location, typeof value === "number" ? value : String(value));
    }

    const body = await fetchPage(params, signal);
    if (signal?.aborted) throw new AbortError("Aborted");
    const items = readPointer(body, pagination.items);
    if (!Array.isArray(items)) throw new PaginationError("no-items", `The page has no item array at ${pagination.items}`);

    if (style !== "cursor" && items.length > 0) {
      const serialized = JSON.stringify(items);
      if (serialized === previousPage) {
        throw new PaginationError("repeated-page", `The server returned the same ${items.length} items for the next ${style}`);
      }
      previousPage = serialized;
    }
    for (const item of items as Item[]) {
      if (signal?.aborted) throw new AbortError("Aborted");
      yield item;
    }
    read += items.length;

    const total = pagination.total === undefined ? undefined : readPointer(body, pagination.total);
    const next =
      style === "cursor"
        ? Object.fromEntries(Object.entries(pagination.cursor ?? {}).map(([location, pointer]) => [location, readPointer(body, pointer)]))
        : undefined;
    const ended =
      (end.includes("empty-page") && items.length === 0) ||
      (end.includes("total") && typeof total === "number" && read >= total) ||
      (end.includes("has-more") && pagination.hasMore !== undefined && readPointer(body, pagination.hasMore) === false) ||
      (next !== undefined && Object.values(next).every(isEmptyCursorValue));
    if (ended) return;

    if (next !== undefined) {
      if (cursor !== undefined && JSON.stringify(next) === JSON.stringify(cursor)) {
        throw new PaginationError("repeated-cursor", `The server returned the same cursor twice: ${JSON.stringify(next)}`);
      }
      cursor = next;
    }
    offset += items.length;
    page += 1;
  }
}
