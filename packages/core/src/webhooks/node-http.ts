import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";

/**
 * A fetch `Request` for a `node:http` request, its body streamed untouched (so signatures over the raw bytes still
 * verify, and body limits apply while reading). `origin` defaults to `http://<Host header>`.
 */
export function requestFromNode(req: IncomingMessage, origin = `http://${req.headers.host ?? "localhost"}`): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url ?? "/", origin), {
    method: req.method ?? "GET",
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: "half" } : {}),
  } as RequestInit);
}

/** Writes a fetch `Response` to a `node:http` response. */
export async function writeNodeResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  res.end(Buffer.from(await response.arrayBuffer()));
}

/** Adapts a `(Request) => Promise<Response>` handler to `node:http`'s `(req, res)`; a throw becomes a bare 500. */
export function nodeHandler(handler: (request: Request) => Promise<Response>): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handler(requestFromNode(req))
      .then((response) => writeNodeResponse(res, response))
      .catch(() => {
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
  };
}
