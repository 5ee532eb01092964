import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliIo, main } from "../src/main.js";
import { progressReporter } from "../src/progress.js";
import { type Call, fakeVendor, guid, json, lsqAccepted } from "./helpers.js";

const run = promisify(execFile);
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
// The bin as installed: the committed shim, which loads the build.
const cli = resolve(packageDir, "bin/crmkit.js");
const built = resolve(packageDir, "dist/cli.js");

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "crmkit-cli-test-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = {
  HIGHLEVEL_TOKEN: "hl-secret-token",
  LSQ_ACCESS_KEY: "lsq-access",
  LSQ_SECRET_KEY: "lsq-secret-value",
  ONELINK_TOKEN: "ol-secret-token",
  ONELINK_ACCOUNT_ID: "12",
};

/** Runs the CLI in-process with collected output and a scripted vendor behind every client. */
async function crmkit(args: string[], files: Record<string, string>, handler: (call: Call) => Response = defaultVendor, environment: Record<string, string> = env) {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const vendor = fakeVendor(handler);
  let stdout = "",
    stderr = "";
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: environment,
    cwd: dir,
    fetch: vendor.fetch,
  };
  const code = await main(args, io);
  return { code, stdout, stderr, calls: vendor.calls };
}

function defaultVendor(call: Call): Response {
  if (call.path.startsWith("/v2/")) return lsqAccepted("9001");
  if (call.path.startsWith("/api/")) return json({ payload: { id: 1 } });
  return json({ id: "x", calendarId: "c", locationId: "l", contactId: "k" });
}

const good = [
  "vendor,appointmentId,start,end",
  "onelink,5123,2026-03-10T10:30:00+05:00,2026-03-10T11:00:00+05:00",
  `leadsquared,${guid(1)},2026-03-08T01:30:00-05:00,2026-03-08T03:30:00-04:00`,
  "leadconnector,ev-1,2026-03-08T09:30:00+05:30,2026-03-08T10:00:00+05:30",
  `leadsquared,${guid(2)},2026-03-09T08:00:00Z,2026-03-09T08:30:00Z`,
].join("\n");

const rowsOf = (csv: string) => parse(csv, { columns: true }) as Record<string, string>[];

describe("crmkit reschedule", () => {
  it("moves every row, LeadSquared rows in one bulk call, and writes one result row per input row", async () => {
    const { code, stdout, stderr, calls } = await crmkit(["reschedule", "--file", "moves.csv"], { "moves.csv": good });
    expect(code).toBe(0);
    const results = rowsOf(stdout);
    expect(results.map((r) => [r.line, r.vendor, r.status, r.sentStart, r.jobId])).toEqual([
      ["2", "onelink", "ok", "2026-03-10T10:30:00+05:00", ""],
      ["3", "leadsquared", "ok", "2026-03-08 06:30:00", "9001"],
      ["4", "leadconnector", "ok", "2026-03-08T09:30:00+05:30", ""],
      ["5", "leadsquared", "ok", "2026-03-09 08:00:00", "9001"],
    ]);
    expect(calls.map((c) => `${c.method} ${c.path}`).sort()).toEqual([
      "PATCH /api/v1/accounts/12/scheduling/appointments/5123",
      "POST /v2/Task.svc/BulkUpdateAppointmentTime",
      "PUT /calendars/events/appointments/ev-1",
    ]);
    expect(calls.find((c) => c.path.startsWith("/v2/"))!.body.TaskList).toHaveLength(2);
    expect(stderr).toContain("reschedule: 4/4 done, 0 failed"); // plain progress lines off a terminal
    expect(stderr).toContain("4 moved, 0 failed");
    expect(stderr + stdout).not.toMatch(/secret/);
  });

  it("lists every bad row with its line number and sends nothing", async () => {
    const bad = [
      "vendor,appointmentId,start,end",
      "onelink,5123,2026-03-10T10:30:00+05:00,2026-03-10T11:00:00+05:00",
      "onelink,5124,2026-03-10T10:30:00,2026-03-10T11:00:00+05:00",
      "",
      "salesforce,1,2026-03-10T10:30:00Z,2026-03-10T11:00:00Z",
      "leadsquared,not-a-guid,2026-03-10T10:30:00Z,2026-03-10T11:00:00Z",
      "onelink,5125,2026-03-10T11:00:00Z,2026-03-10T10:00:00Z",
      "onelink,5126,2026-03-10T11:00:00Z",
    ].join("\n");
    const { code, stdout, stderr, calls } = await crmkit(["reschedule", "--file", "bad.csv", "--out", "bad-results.csv"], { "bad.csv": bad });
    expect(code).toBe(1);
    expect(calls).toHaveLength(0);
    expect(stdout).toBe("");
    expect(existsSync(join(dir, "bad-results.csv"))).toBe(false);
    expect(stderr).toContain("bad.csv: 5 problems, nothing was sent");
    for (const [line, text] of [
      [3, "Invalid start"],
      [5, "Invalid vendor"],
      [6, "Invalid appointmentId"],
      [7, "Invalid end"],
      [8, "expected 4 columns"],
    ] as const) {
      expect(stderr).toMatch(new RegExp(`line ${line}: .*${text}`));
    }
    expect(stderr).not.toMatch(/line 2:/);
  });

  it("names the environment variables of a vendor without credentials", async () => {
    const { code, stderr, calls } = await crmkit(["reschedule", "-f", "moves.csv"], { "moves.csv": good }, defaultVendor, { HIGHLEVEL_TOKEN: "t" });
    expect(code).toBe(1);
    expect(calls).toHaveLength(0);
    expect(stderr).toMatch(/line 2: onelink is not configured: set ONELINK_TOKEN and ONELINK_ACCOUNT_ID \(or use --mock\)/);
    expect(stderr).toMatch(/line 3: leadsquared is not configured: set LSQ_ACCESS_KEY and LSQ_SECRET_KEY/);
    expect(stderr).not.toMatch(/line 4:/);
  });

  it("--dry-run validates and shows what would be sent, without sending", async () => {
    const { code, stderr, calls } = await crmkit(["reschedule", "--file", "moves.csv", "--dry-run", "--out", "plan.csv"], { "moves.csv": good });
    expect(code).toBe(0);
    expect(calls).toHaveLength(0);
    const plan = rowsOf(readFileSync(join(dir, "plan.csv"), "utf8"));
    expect(plan.map((r) => [r.status, r.sentStart, r.sentEnd])).toEqual([
      ["valid", "2026-03-10T10:30:00+05:00", "2026-03-10T11:00:00+05:00"],
      ["valid", "2026-03-08 06:30:00", "2026-03-08 07:30:00"],
      ["valid", "2026-03-08T09:30:00+05:30", "2026-03-08T10:00:00+05:30"],
      ["valid", "2026-03-09 08:00:00", "2026-03-09 08:30:00"],
    ]);
    expect(stderr).toContain("dry run: 4 row(s) valid");
  });

  it("a row that fails at the vendor fails alone: exit 1, the others still moved, the error in its result row", async () => {
    const { code, stdout } = await crmkit(["reschedule", "--file", "moves.csv"], { "moves.csv": good }, (call) =>
      call.path.startsWith("/api/") ? json({ error: "Appointment not found", code: "APPOINTMENT_NOT_FOUND" }, 404) : defaultVendor(call),
    );
    expect(code).toBe(1);
    const results = rowsOf(stdout);
    expect(results.map((r) => r.status)).toEqual(["failed", "ok", "ok", "ok"]);
    expect(results[0]!.error).toBe("NotFoundError: Appointment not found");
  });

  it("reads a file without a header row, and columns in any order with one", async () => {
    const headerless = good.split("\n").slice(1).join("\n");
    const reordered = ["start,end,vendor,appointmentId", "2026-03-10T10:30:00+05:00,2026-03-10T11:00:00+05:00,onelink,5123"].join("\n");
    const a = await crmkit(["reschedule", "--file", "a.csv", "--dry-run"], { "a.csv": headerless });
    const b = await crmkit(["reschedule", "--file", "b.csv", "--dry-run"], { "b.csv": reordered });
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(rowsOf(a.stdout).map((r) => r.line)).toEqual(["1", "2", "3", "4"]);
    expect(rowsOf(b.stdout)[0]).toMatchObject({ vendor: "onelink", appointmentId: "5123", sentStart: "2026-03-10T10:30:00+05:00" });
  });

  it("reports a broken CSV, a missing file and bad options", async () => {
    const broken = await crmkit(["reschedule", "--file", "broken.csv"], { "broken.csv": 'vendor,appointmentId,start,end\nonelink,"5123,x,y\n' });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/broken\.csv: line \d+: .*Quote Not Closed/);
    expect((await crmkit(["reschedule", "--file", "missing.csv"], {})).stderr).toMatch(/cannot read missing\.csv: ENOENT/);
    const usage = await crmkit(["reschedule"], {});
    expect([usage.code, usage.stderr]).toEqual([2, expect.stringContaining("--file is required")]);
    expect((await crmkit(["reschedule", "--file", "x.csv", "--concurrency", "0"], {})).code).toBe(2);
    expect((await crmkit(["reschedule", "--file", "x.csv", "--nope"], {})).code).toBe(2);
    expect((await crmkit(["frobnicate"], {})).code).toBe(2);
    const help = await crmkit(["reschedule", "--help"], {});
    expect([help.code, help.stdout]).toEqual([0, expect.stringContaining("LSQ_ACCESS_KEY, LSQ_SECRET_KEY")]);
    expect((await crmkit(["reschedule", "--file", "empty.csv"], { "empty.csv": "vendor,appointmentId,start,end\n" })).stderr).toContain("has no rows");
    const typo = await crmkit(["reschedule", "--file", "typo.csv"], { "typo.csv": "vendor,appointment_id,start,end\nonelink,1,2026-03-10T10:30:00Z,2026-03-10T11:00:00Z\n" });
    expect([typo.code, typo.stderr]).toEqual([1, expect.stringContaining("line 1: a header row needs the columns vendor, appointmentId, start, end")]);
  });
});

describe("progress", () => {
  it("draws a cli-progress bar on a terminal, plain lines elsewhere", () => {
    let tty = "";
    const bar = progressReporter({ isTTY: true, columns: 100, write: (s: string) => (tty += s) } as never, "reschedule", 4);
    for (let done = 1; done <= 4; done++) bar.update({ done, failed: done > 2 ? 1 : 0, total: 4 });
    bar.stop();
    expect(tty).toMatch(/reschedule \[[█░]+\] 4\/4 \| 1 failed/);

    let plain = "";
    const lines = progressReporter({ write: (s: string) => (plain += s) }, "bulk", 200);
    for (let done = 1; done <= 200; done++) lines.update({ done, failed: 0, total: 200 });
    expect(plain.split("\n").filter(Boolean)).toEqual(Array.from({ length: 10 }, (_, i) => `bulk: ${(i + 1) * 20}/200 done, 0 failed`));
  });
});

describe("the built crmkit bin", () => {
  beforeAll(() => {
    if (!existsSync(built)) throw new Error("packages/cli is not built: run `pnpm build` first");
  });

  it("--dry-run on a CSV", async () => {
    writeFileSync(join(dir, "bin.csv"), good);
    const { stdout, stderr } = await run(process.execPath, [cli, "reschedule", "--file", "bin.csv", "--dry-run"], { cwd: dir, env: { PATH: process.env.PATH, ...env } });
    expect(rowsOf(stdout).map((r) => r.status)).toEqual(["valid", "valid", "valid", "valid"]);
    expect(stderr).toContain("nothing was sent");
  });

  it("--mock moves the rows against a Prism mock server and leaves none running", async () => {
    const rows = ["vendor,appointmentId,start,end", "onelink,5123,2026-03-10T10:30:00+05:00,2026-03-10T11:00:00+05:00", "onelink,5124,2026-03-11T10:30:00+05:00,2026-03-11T11:00:00+05:00"];
    writeFileSync(join(dir, "mock.csv"), rows.join("\n"));
    const { stderr } = await run(process.execPath, [cli, "reschedule", "--file", "mock.csv", "--mock", "--out", "mock-results.csv"], {
      cwd: dir,
      env: { PATH: process.env.PATH },
      timeout: 90_000,
    });
    expect(rowsOf(readFileSync(join(dir, "mock-results.csv"), "utf8")).map((r) => r.status)).toEqual(["ok", "ok"]);
    const url = /onelink \(mock (http:\/\/127\.0\.0\.1:\d+)\)/.exec(stderr)?.[1];
    expect(url, stderr).toBeDefined();
    await expect(fetch(url!)).rejects.toThrow(); // the mock server is gone
  }, 120_000);
});
