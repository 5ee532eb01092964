// A scripted vendor for the CLI's unit tests: every request the clients send is recorded and answered by a handler, no network.
export interface Call {
  method: string;
  path: string;
  url: URL;
  headers: Headers;
  body: any;
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

export function fakeVendor(handler: (call: Call, index: number) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const text = await request.text();
    const url = new URL(request.url);
    const call: Call = { method: request.method, path: url.pathname, url, headers: request.headers, body: text ? JSON.parse(text) : undefined };
    calls.push(call);
    return handler(call, calls.length - 1);
  };
  return { fetch, calls };
}

export const lsqAccepted = (id = "5812945") => json({ Status: "Success", Message: { Id: id, IsSuccessful: true } });

export const guid = (n: number) => `0aa0b97c-a507-11e8-a43f-${n.toString(16).padStart(12, "0")}`;
