/**
 * The one transport every contender of the overhead benchmark gets (raw fetch, openapi-fetch, crmkit, axios through its
 * own fetch adapter). To the caller it behaves like fetch minus the network: it accepts `(url, init)` or a `Request`,
 * builds the Request the way fetch does, reads the request body as a transport would, and resolves on the next tick with
 * a fresh Response carrying the same bytes. No contender skips any of that, so the only difference measured is the
 * client's own work.
 *
 * @param {{ status?: number, body: string, headers?: Record<string, string>, onRequest?: (sent: SentRequest) => void }} answer
 * @returns {(input: string | URL | Request, init?: RequestInit) => Promise<Response>}
 *
 * @typedef {{ method: string, url: string, headers: Headers, body: string | null }} SentRequest
 */
export function createStubFetch({ status = 200, body, headers = { "content-type": "application/json" }, onRequest }) {
  return async function stubFetch(input, init) {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const sent = request.body ? await request.text() : null;
    onRequest?.({ method: request.method, url: request.url, headers: request.headers, body: sent });
    await new Promise((resolve) => process.nextTick(resolve));
    return new Response(body, { status, headers });
  };
}
