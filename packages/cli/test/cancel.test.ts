// crmkit cancel against a scripted vendor: each vendor's cancel call, a dry run, every bad row at once, preflight, what
// a cancel of an appointment the vendor does not have is recorded as, formula cells, and --resume.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { restoreCell } from "../src/csv.js";
import { type Call, guid, json, runCli } from "./helpers.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "crmkit-cancel-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const idsFile = (...rows: string[]) => ["vendor,appointmentId", ...rows].join("\n") + "\n";
const good = idsFile("onelink,5123", "leadconnector,ev-1", `leadsquared,${guid(1)}`);
/** Every cancel accepted: HighLevel's updated event, LeadSquared's delete summary, One-Link's cancelled appointment. */
const accepting = (call: Call) => {
  if (call.path.endsWith("/DeleteTasks")) return json({ Status: "Success", Operation: "Bulk Delete Tasks", TasksCount: 1, DeletedTasksCount: 1, FailureReason: null });
  if (call.path.startsWith("/api/")) return json({ payload: { id: 1, status: "cancelled" } });
  return json({ id: "x", appointmentStatus: "cancelled" });
};
const cancel = (args: string[], files: Record<string, string>, vendor: (call: Call) => Response = accepting, env?: Record<string, string>) =>
  runCli(dir, ["cancel", ...args], { files, vendor, ...(env ? { env } : {}) });
/** Result rows in input order, neutralised cells restored. */
const rowsOf = (csv: string) =>
  (parse(csv, { columns: true }) as Record<string, string>[])
    .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, restoreCell(v)])))
    .sort((a, b) => Number(a.line) - Number(b.line));

describe("crmkit cancel", () => {
  it("cancels each row the way its vendor documents it and writes one result row per input row", async () => {
    const { code, stdout, stderr, calls } = await cancel(["--file", "ids.csv"], { "ids.csv": good });
    expect(code, stderr).toBe(0);
    expect(calls.map((c) => `${c.method} ${c.path} ${JSON.stringify(c.body ?? null)}`).sort()).toEqual([
      "POST /api/v1/accounts/12/scheduling/appointments/5123/cancel null",
      `POST /v2/Task.svc/DeleteTasks {"TaskIds":["${guid(1)}"]}`,
      'PUT /calendars/events/appointments/ev-1 {"appointmentStatus":"cancelled"}',
    ]);
    expect(stdout.split("\n")[0]).toBe("line,vendor,appointmentId,status,via,jobId,error");
    expect(rowsOf(stdout).map((r) => [r.line, r.vendor, r.appointmentId, r.status, r.via])).toEqual([
      ["2", "onelink", "5123", "ok", "cancel-call"],
      ["3", "leadconnector", "ev-1", "ok", "status-change"],
      ["4", "leadsquared", guid(1), "ok", "delete"],
    ]);
    expect(stderr).toContain("3 cancelled, 0 failed");
    expect(stderr + stdout).not.toMatch(/secret/);
  });

  it("--dry-run checks every row and sends nothing, without credentials", async () => {
    const { code, stdout, stderr, calls } = await cancel(["--file", "ids.csv", "--dry-run"], { "ids.csv": good }, accepting, {});
    expect([code, calls.length]).toEqual([0, 0]);
    expect(rowsOf(stdout).map((r) => r.status)).toEqual(["valid", "valid", "valid"]);
    expect(stderr).toContain("dry run: 3 row(s) valid for onelink, leadconnector, leadsquared; nothing was sent");
  });

  it("lists every bad row at once, by line and column, malformed CSV included, and sends nothing", async () => {
    const bad = idsFile("onelink,5123", "onelink,51x", "", "salesforce,1", `leadsquared,not-a-guid`, 'onelink,"77', "leadconnector,ev-2,extra", "leadconnector,", "onelink,5124");
    const { code, stdout, stderr, calls } = await cancel(["--file", "bad.csv", "--out", "bad-results.csv"], { "bad.csv": bad });
    expect([code, calls.length, stdout]).toEqual([1, 0, ""]);
    expect(existsSync(join(dir, "bad-results.csv"))).toBe(false);
    expect(stderr).toContain("bad.csv: 6 problems, nothing was sent");
    for (const text of [
      "line 3, column appointmentId: Invalid appointmentId",
      'line 5, column vendor: unknown vendor "salesforce"',
      "line 6, column appointmentId: Invalid appointmentId",
      "line 7, column appointmentId: a double quote opens a cell that is not closed on this line",
      "line 8: expected 2 columns (vendor, appointmentId), got 3",
      "line 9, column appointmentId: Invalid appointmentId",
    ]) {
      expect(stderr).toContain(`  ${text}`);
    }
    expect(stderr).not.toMatch(/line (2|10)\b/);
  });

  it("preflight: --out that is the input, in a missing directory, or a results file of another command: exit 2, nothing sent", async () => {
    for (const [args, problem] of [
      [["--out", "ids.csv"], "--out ids.csv is the input file: the results would overwrite the cancellations"],
      [["--out", "nowhere/r.csv"], "cannot write --out nowhere/r.csv: the directory nowhere does not exist"],
      [["--out", "moved.csv", "--resume"], "cannot resume: moved.csv is not a crmkit results file of this command"],
      [[], "--file is required (the CSV of cancellations)"],
    ] as const) {
      writeFileSync(join(dir, "moved.csv"), "line,vendor,appointmentId,start,end,status,sentStart,sentEnd,jobId,error\n");
      const result = await cancel([...(args.length ? ["--file", "ids.csv"] : []), ...args], { "ids.csv": good });
      expect([result.code, result.calls.length], result.stderr).toEqual([2, 0]);
      expect(result.stderr.split("\n")[0]).toContain(`crmkit cancel: ${problem}`);
    }
    expect(readFileSync(join(dir, "ids.csv"), "utf8")).toBe(good);
  });

  it("an appointment the vendor does not have is not-found, which settles the row; another refusal fails it (exit 1)", async () => {
    const file = idsFile(`leadsquared,${guid(1)}`, "leadconnector,gone-1", "onelink,5123", "leadconnector,ev-1");
    const answers = (call: Call) => {
      if (call.path.endsWith("/DeleteTasks")) return json({ Status: "Success", TasksCount: 1, DeletedTasksCount: 0, FailureReason: "Task not found" });
      if (call.path.endsWith("/gone-1")) return json({ message: "Event not found" }, 404);
      if (call.path.startsWith("/api/")) return json({ error: "Appointment is completed", code: "INVALID_STATE" }, 422);
      return accepting(call);
    };
    const first = await cancel(["--file", "nf.csv", "--out", "nf-results.csv"], { "nf.csv": file }, answers);
    expect(first.code).toBe(1);
    const rows = rowsOf(readFileSync(join(dir, "nf-results.csv"), "utf8"));
    expect(rows.map((r) => [r.vendor, r.status])).toEqual([
      ["leadsquared", "not-found"],
      ["leadconnector", "not-found"],
      ["onelink", "failed"],
      ["leadconnector", "ok"],
    ]);
    expect(rows[0]!.error).toMatch(/^NotFoundError: LeadSquared deleted no task .*Task not found/);
    expect(first.stderr).toContain("1 cancelled, 2 not found, 1 failed");

    // --resume sends only the failed row: not-found is settled (asking again gets the same answer).
    const second = await cancel(["--file", "nf.csv", "--out", "nf-results.csv", "--resume"], {}, accepting);
    expect(second.code, second.stderr).toBe(0);
    expect(second.calls.map((c) => c.path)).toEqual(["/api/v1/accounts/12/scheduling/appointments/5123/cancel"]);
    expect(second.stderr).toContain("3 already cancelled by the earlier run, not sent again");
    expect(rowsOf(readFileSync(join(dir, "nf-results.csv"), "utf8")).map((r) => r.status)).toEqual(["not-found", "not-found", "ok", "ok"]);
  });

  it("ids a spreadsheet would run as formulas are neutralised in the results and read back by --resume: nothing sent twice", async () => {
    const formulas = ["=1+1", "@SUM(A1)", "+cmd", "-2", "'quoted"];
    const file = idsFile(...formulas.map((id) => `leadconnector,${id}`));
    const failLast = (call: Call) => (decodeURIComponent(call.path).endsWith("'quoted") ? json({ message: "=upstream down" }, 400) : accepting(call));
    const first = await cancel(["--file", "f.csv", "--out", "f-results.csv"], { "f.csv": file }, failLast);
    expect(first.code).toBe(1);
    const cells = (parse(readFileSync(join(dir, "f-results.csv"), "utf8")) as string[][]).flat();
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);

    const second = await cancel(["--file", "f.csv", "--out", "f-results.csv", "--resume"], {});
    expect(second.code, second.stderr).toBe(0);
    expect(second.calls.map((c) => decodeURIComponent(c.path.split("/").pop()!))).toEqual(["'quoted"]);
    expect(rowsOf(readFileSync(join(dir, "f-results.csv"), "utf8")).map((r) => r.appointmentId)).toEqual(formulas);
  });

  it("says up front what LeadSquared's bulk limit makes of a run (one delete per 5 s); a run stopped at once writes every row not-sent", async () => {
    const stop = new AbortController();
    stop.abort("SIGTERM");
    const rows = Array.from({ length: 100 }, (_, i) => `leadsquared,${guid(i + 1)}`);
    const { code, stdout, stderr, calls } = await runCli(dir, ["cancel", "--file", "lsq.csv"], { files: { "lsq.csv": idsFile(...rows) }, vendor: accepting, signal: stop.signal });
    expect(stderr).toContain("crmkit cancel: leadsquared: 100 rows take at least 8 min at its documented limit of 1 bulk call per 5 s\n");
    expect([code, calls.length]).toEqual([143, 0]);
    expect(rowsOf(stdout).map((r) => r.status)).toEqual(Array(100).fill("not-sent"));
    expect(stderr).toContain("stopped by SIGTERM: 0 cancelled, 0 failed, 100 not sent");
  });
});
