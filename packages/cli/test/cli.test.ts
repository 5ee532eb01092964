import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { progressReporter } from "../src/progress.js";
import { type Call, defaultVendor, guid, json, liveEnv, runCli } from "./helpers.js";

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

const crmkit = (args: string[], files: Record<string, string>, vendor: (call: Call) => Response = defaultVendor, env: Record<string, string> = liveEnv) =>
  runCli(dir, args, { files, vendor, env });

const good = [
  "vendor,appointmentId,start,end",
  "onelink,5123,2026-03-10T10:30:00+05:00,2026-03-10T11:00:00+05:00",
  `leadsquared,${guid(1)},2026-03-08T01:30:00-05:00,2026-03-08T03:30:00-04:00`,
  "leadconnector,ev-1,2026-03-08T09:30:00+05:30,2026-03-08T10:00:00+05:30",
  `leadsquared,${guid(2)},2026-03-09T08:00:00Z,2026-03-09T08:30:00Z`,
].join("\n");

/** Result rows in input order (the file has them in the order their outcomes arrived). */
const rowsOf = (csv: string) => (parse(csv, { columns: true }) as Record<string, string>[]).sort((a, b) => Number(a.line) - Number(b.line));

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
      'onelink,51"27,2026-03-10T10:30:00Z,2026-03-10T11:00:00Z',
      'leadconnector,"ev"x,2026-03-10T10:30:00Z,2026-03-10T11:00:00Z',
      "onelink,5128,2026-03-10T10:30:00Z,2026-03-10T11:00:00Z",
    ].join("\n");
    const { code, stdout, stderr, calls } = await crmkit(["reschedule", "--file", "bad.csv", "--out", "bad-results.csv"], { "bad.csv": bad });
    expect(code).toBe(1);
    expect(calls).toHaveLength(0);
    expect(stdout).toBe("");
    expect(existsSync(join(dir, "bad-results.csv"))).toBe(false);
    expect(stderr).toContain("bad.csv: 7 problems, nothing was sent");
    // A malformed line spoils only itself: the rows after it are still read and checked.
    for (const [line, text] of [
      [3, "line 3, column start: Invalid start"],
      [5, 'line 5, column vendor: unknown vendor "salesforce"'],
      [6, "line 6, column appointmentId: Invalid appointmentId"],
      [7, "line 7, column end: Invalid end"],
      [8, "line 8: expected 4 columns"],
      [9, "line 9, column appointmentId: a double quote inside an unquoted cell"],
      [10, "line 10, column appointmentId: text after a closing double quote"],
    ] as const) {
      const about = stderr.split("\n").filter((l) => new RegExp(`^  line ${line}\\b`).test(l));
      expect(about).toHaveLength(1);
      expect(about[0]!.startsWith(`  ${text}`), about[0]).toBe(true);
    }
    expect(stderr).not.toMatch(/line (2|11)\b/);
    expect(stderr).not.toMatch(/field \d/);
  });

  it("names the environment variables of the vendors without credentials, in one line and a hint, before any request", async () => {
    const { code, stderr, calls } = await crmkit(["reschedule", "-f", "moves.csv"], { "moves.csv": good }, defaultVendor, { HIGHLEVEL_TOKEN: "t" });
    expect([code, calls.length]).toEqual([2, 0]);
    expect(stderr).toBe(
      "crmkit reschedule: onelink and leadsquared are not configured: set ONELINK_TOKEN, ONELINK_ACCOUNT_ID, LSQ_ACCESS_KEY, LSQ_SECRET_KEY\n" +
        "Nothing was sent. Or use --mock to send to local mock servers, or --dry-run to send nothing.\n",
    );
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
    const bare = await crmkit(["reschedule", "--file", "moves.csv", "--dry-run"], { "moves.csv": good }, defaultVendor, {});
    expect([bare.code, bare.calls.length, rowsOf(bare.stdout).length]).toEqual([0, 0, 4]); // no credentials needed
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
    const broken = await crmkit(["reschedule", "--file", "broken.csv"], { "broken.csv": 'vendor,appointmentId,start,end\nonelink,"5123,x,y\nonelink,x,y,z\n' });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain("line 2, column appointmentId: a double quote opens a cell that is not closed on this line");
    expect(broken.stderr).toContain("line 3, column start: Invalid start");
    const missing = await crmkit(["reschedule", "--file", "missing.csv"], {});
    expect([missing.code, missing.stderr]).toEqual([2, "crmkit reschedule: cannot read missing.csv: ENOENT\nRun `crmkit reschedule --help` for the options.\n"]);
    const usage = await crmkit(["reschedule"], {});
    expect([usage.code, usage.stderr]).toEqual([2, expect.stringContaining("--file is required")]);
    expect((await crmkit(["reschedule", "--file", "x.csv", "--concurrency", "0"], {})).code).toBe(2);
    const typo = await crmkit(["reschedule", "--file", "x.csv", "--dryrun"], {});
    expect([typo.code, typo.stderr]).toEqual([2, "crmkit reschedule: unknown option --dryrun\nRun `crmkit reschedule --help` for the options.\n"]);
    const command = await crmkit(["reschedul"], {});
    expect([command.code, command.stderr]).toEqual([2, 'crmkit: unknown command "reschedul" (did you mean reschedule?)\nRun `crmkit --help` for the commands.\n']);
    const version = await crmkit(["--version"], {});
    expect([version.code, version.stdout]).toEqual([0, expect.stringMatching(/^\d+\.\d+\.\d+\S*\n$/)]);
    const help = await crmkit(["reschedule", "--help"], {});
    expect([help.code, help.stdout]).toEqual([0, expect.stringContaining("LSQ_ACCESS_KEY, LSQ_SECRET_KEY")]);
    expect((await crmkit(["reschedule", "--file", "empty.csv"], { "empty.csv": "vendor,appointmentId,start,end\n" })).stderr).toContain("has no rows");
    const header = await crmkit(["reschedule", "--file", "typo.csv"], { "typo.csv": "vendor,appointment_id,start,end\nonelink,1,2026-03-10T10:30:00Z,2026-03-10T11:00:00Z\n" });
    expect([header.code, header.stderr]).toEqual([1, expect.stringContaining("line 1: a header row needs the columns vendor, appointmentId, start, end")]);
  });
});

describe("crmkit --help", () => {
  it("lists every command; each command's --help names its options and the vendors' variables; a typo is pointed at the command", async () => {
    const help = await crmkit(["--help"], {});
    expect(help.code).toBe(0);
    for (const command of ["list --vendor V --from ISO --to ISO", "reschedule --file moves.csv", "cancel --file ids.csv", "demo"]) expect(help.stdout).toContain(`  ${command}`);
    for (const [command, options] of [
      ["list", ["--format", "--page-size", "--resource-id (repeatable)", "--calendar-id", "NDJSON"]],
      ["cancel", ["--resume", "--dry-run", "not-found", "via status-change", "via delete", "via cancel-call"]],
    ] as const) {
      const own = await crmkit([command, "--help"], {});
      expect(own.code).toBe(0);
      for (const text of [...options, "ONELINK_TOKEN, ONELINK_ACCOUNT_ID", "LSQ_BASE_URL"]) expect(own.stdout, `${command} ${text}`).toContain(text);
    }
    const typo = await crmkit(["cancle"], {});
    expect([typo.code, typo.stderr.split("\n")[0]]).toEqual([2, 'crmkit: unknown command "cancle" (did you mean cancel?)']);
    expect((await crmkit([], {})).stderr).toContain("which command? list, reschedule, cancel or demo");
  });
});

describe("progress", () => {
  it("draws a cli-progress bar on a terminal, plain lines elsewhere", () => {
    let tty = "";
    const bar = progressReporter({ isTTY: true, columns: 100, write: (s: string) => (tty += s) } as never, "reschedule", 4);
    for (let done = 1; done <= 4; done++) bar.update({ done, failed: done > 2 ? 1 : 0, total: 4 });
    bar.stop();
    expect(tty).toMatch(/reschedule \[[█░]+\] 4\/4 \| 1 failed/);

    // One item per 100 ms on a test clock: 10 per second, so 180 left take 18 s.
    let plain = "";
    let clock = 0;
    const lines = progressReporter({ write: (s: string) => (plain += s) }, "bulk", 200, { now: () => clock, boundBy: "leadconnector's documented limit, 100 calls per 10 s" });
    for (let done = 1; done <= 200; done++) {
      clock += 100;
      lines.update({ done, failed: 0, total: 200 });
    }
    const shown = plain.split("\n").filter(Boolean);
    expect(shown).toHaveLength(10);
    expect(shown[0]).toBe("bulk: 20/200 done, 0 failed, 10/s, about 18 s left (bounded by leadconnector's documented limit, 100 calls per 10 s)");
    expect(shown[9]).toBe("bulk: 200/200 done, 0 failed, 10/s, in 20 s");
  });
});

describe("the built crmkit bin", () => {
  beforeAll(() => {
    if (!existsSync(built)) throw new Error("packages/cli is not built: run `pnpm build` first");
  });

  it("--dry-run on a CSV", async () => {
    writeFileSync(join(dir, "bin.csv"), good);
    const { stdout, stderr } = await run(process.execPath, [cli, "reschedule", "--file", "bin.csv", "--dry-run"], { cwd: dir, env: { PATH: process.env.PATH, ...liveEnv } });
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
