// A scripted vendor for the CLI's unit tests: every request the clients send is recorded and answered by a handler, no network.
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

export const guid = (n: number) => `0aa0b97c-a507-11e8-a43f-${n.toString(16).padStart(12, "0")}`;

/** Runs the CLI in-process (`main`) in `dir`, with collected output and `vendor` behind every client ("network": the real fetch). */
export async function runCli(
  dir: string,
  args: string[],
  options: { files?: Record<string, string>; vendor?: ((call: Call, index: number) => Response | Promise<Response>) | "network"; env?: Record<string, string>; signal?: AbortSignal } = {},
) {
  const { writeFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { main } = await import("../src/main.js");
  for (const [name, text] of Object.entries(options.files ?? {})) writeFileSync(join(dir, name), text);
  const network = options.vendor === "network";
  const vendor = fakeVendor(options.vendor === "network" || !options.vendor ? defaultVendor : options.vendor);
  let stdout = "",
    stderr = "";
  const code = await main(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: options.env ?? liveEnv,
    cwd: dir,
    ...(network ? {} : { fetch: vendor.fetch }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { code, stdout, stderr, calls: vendor.calls };
}

/** Credentials for every scheduling vendor (placeholders: every call goes to a fake vendor). */
export const liveEnv = {
  HIGHLEVEL_TOKEN: "hl-secret-token",
  LSQ_ACCESS_KEY: "lsq-access",
  LSQ_SECRET_KEY: "lsq-secret-value",
  ONELINK_TOKEN: "ol-secret-token",
  ONELINK_ACCOUNT_ID: "12",
};

/** Every move accepted: LeadSquared's bulk job, One-Link's and HighLevel's updated appointment. */
export function defaultVendor(call: Call): Response {
  if (call.path.startsWith("/v2/")) return lsqAccepted("9001");
  if (call.path.startsWith("/api/")) return json({ payload: { id: 1 } });
  return json({ id: "x", calendarId: "c", locationId: "l", contactId: "k" });
}

/** A moves file: a header row and the given rows. */
export const movesFile = (...rows: string[]) => ["vendor,appointmentId,start,end", ...rows].join("\n") + "\n";
