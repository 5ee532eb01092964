// The CLI's unit tests: the facade's scripted vendor (every request recorded and answered by a handler, no network),
// and the CLI run in-process against it.
import { type Call, fakeVendor, json, lsqAccepted } from "../../crmkit/test/helpers.js";

export { type Call, fakeVendor, guid, json, lsqAccepted } from "../../crmkit/test/helpers.js";

/** Runs the CLI in-process (`main`) in `dir`, with collected output and `vendor` behind every client. */
export async function runCli(
  dir: string,
  args: string[],
  options: { files?: Record<string, string>; vendor?: ((call: Call, index: number) => Response | Promise<Response>) | "network"; env?: Record<string, string>; signal?: AbortSignal } = {},
) {
  const { writeFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { main } = await import("../src/main.js");
  for (const [name, text] of Object.entries(options.files ?? {})) writeFileSync(join(dir, name), text);
  // "network": no scripted vendor, the real fetch (to mock servers the test started).
  const network = options.vendor === "network";
  const vendor = fakeVendor(options.vendor === "network" ? defaultVendor : (options.vendor ?? defaultVendor));
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
