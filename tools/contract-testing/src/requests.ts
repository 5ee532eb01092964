// Changes to an outgoing request, applied at the transport (after the client's own stack), so a rule test can break
// exactly one rule of a call that is otherwise valid.

/** What an openapi-fetch call resolves to. */
export interface Call {
  data?: unknown;
  error?: unknown;
  response: Response;
}

export type RequestChange = (request: Request) => Request | Promise<Request>;

function rebuild(request: Request, init: { url?: string; headers?: Headers; body?: string | null }): Request {
  return new Request(init.url ?? request.url, {
    method: request.method,
    headers: init.headers ?? request.headers,
    body: init.body === undefined ? request.body : init.body,
    signal: request.signal,
    ...(init.body === undefined && request.body ? { duplex: "half" } : {}),
  } as RequestInit);
}

/** Sets a query parameter, or removes it with `undefined`. */
export const setQuery =
  (name: string, value: string | undefined): RequestChange =>
  (request) => {
    const url = new URL(request.url);
    if (value === undefined) url.searchParams.delete(name);
    else url.searchParams.set(name, value);
    return rebuild(request, { url: url.href });
  };

/** Sets a header, or removes it with `undefined` (even one the client adds for the caller, like HighLevel's `Version`). */
export const setHeader =
  (name: string, value: string | undefined): RequestChange =>
  (request) => {
    const headers = new Headers(request.headers);
    if (value === undefined) headers.delete(name);
    else headers.set(name, value);
    return rebuild(request, { headers });
  };

const isForm = (request: Request) => (request.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded");

/** Rewrites the body (JSON or form-encoded) through `edit`; `edit` returning `undefined` sends no body at all. */
export const editBody =
  (edit: (body: any) => unknown): RequestChange =>
  async (request) => {
    const text = await request.text();
    const form = isForm(request);
    const parsed = text === "" ? undefined : form ? Object.fromEntries(new URLSearchParams(text)) : JSON.parse(text);
    const next = edit(parsed);
    const body = next === undefined ? null : form ? new URLSearchParams(next as Record<string, string>).toString() : JSON.stringify(next);
    return rebuild(request, { body });
  };

/**
 * Sets one body field by a dotted path (`TaskList.0.FromDate`, `0.meetingType` for an array body, `Paging.Offset`), or
 * deletes it with `undefined` (an array item is removed, not left as a hole). Missing objects on the way are created.
 */
export const setBodyField = (path: string, value: unknown): RequestChange =>
  editBody((body) => {
    const keys = path.split(".");
    const root = body ?? {};
    let node = root;
    for (const key of keys.slice(0, -1)) node = node[key] ??= {};
    const last = keys[keys.length - 1]!;
    if (value === undefined) Array.isArray(node) ? node.splice(Number(last), 1) : delete node[last];
    else node[last] = value;
    return root;
  });

/** Sends the request without a body. */
export const removeBody = (): RequestChange => editBody(() => undefined);

/** Applies several changes in order. */
export const changes =
  (...list: RequestChange[]): RequestChange =>
  async (request) => {
    for (const change of list) request = await change(request);
    return request;
  };
