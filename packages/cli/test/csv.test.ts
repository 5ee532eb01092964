// CSV in and out: formula cells neutralised (and read back exactly by --resume), malformed lines that spoil only
// themselves.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CsvLine, neutraliseCell, readCsvLines, restoreCell } from "../src/csv.js";
import { type Call, defaultVendor, json, movesFile, runCli } from "./helpers.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "crmkit-csv-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines = async (text: string) => {
  writeFileSync(join(dir, "in.csv"), text);
  const out: CsvLine[] = [];
  for await (const line of readCsvLines(join(dir, "in.csv"))) out.push(line);
  return out;
};

describe("reading", () => {
  it("a stray quote spoils only its own line; line numbers are the file's, blank lines counted", async () => {
    const read = await lines(['\uFEFFa,b', '1,"q"z', "2,ok", "", '3,"open', "4,ok", '5,"a ""quoted"" cell"', "6,x"].join("\r\n"));
    expect(read).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, problem: { cell: 1, message: expect.stringContaining("text after a closing double quote") } },
      { line: 3, cells: ["2", "ok"] },
      { line: 5, problem: { cell: 1, message: expect.stringContaining("not closed on this line") } },
      { line: 6, cells: ["4", "ok"] },
      { line: 7, cells: ["5", 'a "quoted" cell'] },
      { line: 8, cells: ["6", "x"] },
    ]);
  });

  it("streams a long file in blocks without losing or renumbering a line", async () => {
    const text = Array.from({ length: 1000 }, (_, i) => (i % 97 === 5 ? `${i},"x"y` : `${i},v`)).join("\n");
    const read = await lines(text);
    expect(read).toHaveLength(1000);
    read.forEach((l, i) => expect(l.line).toBe(i + 1));
    expect(read.filter((l) => "problem" in l).map((l) => l.line)).toEqual(Array.from({ length: 11 }, (_, k) => 97 * k + 6));
  });
});

describe("formula cells (OWASP CSV injection)", () => {
  const formulas = ["=1+1", "@SUM(A1)", "+cmd", "-2+3", "'quoted", "=HYPERLINK(\"http://x\")"];

  it("a cell starting with = + - @ tab CR (or ') gets a leading apostrophe; restoreCell gives back the value", () => {
    for (const value of [...formulas, "\tx", "\rx"]) {
      expect(neutraliseCell(value)).toBe(`'${value}`);
      expect(restoreCell(neutraliseCell(value))).toBe(value);
    }
    for (const value of ["5123", "2026-03-10T10:30:00+05:00", "ok", "", "a=b"]) expect(neutraliseCell(value)).toBe(value);
  });

  it("every result cell crmkit writes is neutralised, and --resume reads the ids back exactly", async () => {
    // HighLevel event ids are free text: these are valid moves, and the first run fails the last one.
    const rows = formulas.map((id) => `leadconnector,${id.includes('"') ? `"${id.replaceAll('"', '""')}"` : id},2026-03-10T10:30:00Z,2026-03-10T11:00:00Z`);
    const failLast = (call: Call) => (call.path.endsWith(encodeURIComponent(formulas.at(-1)!)) ? json({ message: "-- no such event" }, 404) : defaultVendor(call));
    const first = await runCli(dir, ["reschedule", "--file", "f.csv", "--out", "f-results.csv"], { files: { "f.csv": movesFile(...rows) }, vendor: failLast });
    expect(first.code, first.stderr).toBe(1);

    const raw = readFileSync(join(dir, "f-results.csv"), "utf8");
    const cells = (parse(raw) as string[][]).flat();
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]); // nothing a spreadsheet would run
    for (const id of formulas) expect(cells).toContain(`'${id}`);

    const second = await runCli(dir, ["reschedule", "--file", "f.csv", "--out", "f-results.csv", "--resume"], { files: {}, vendor: defaultVendor });
    expect(second.code, second.stderr).toBe(0);
    expect(second.calls.map((c) => decodeURIComponent(c.path.split("/").pop()!))).toEqual([formulas.at(-1)]); // only the failed row
    const final = (parse(readFileSync(join(dir, "f-results.csv"), "utf8"), { columns: true }) as Record<string, string>[]).map((r) => restoreCell(r.appointmentId!));
    expect(final.sort()).toEqual([...formulas].sort());

    const third = await runCli(dir, ["reschedule", "--file", "f.csv", "--out", "f-results.csv", "--resume"], { files: {} });
    expect([third.code, third.calls.length, third.stderr]).toEqual([0, 0, "crmkit reschedule: nothing to send: f-results.csv records every row of f.csv as moved\n"]);
  });

  it("a dry run neutralises the same way", async () => {
    const { stdout } = await runCli(dir, ["reschedule", "--file", "d.csv", "--dry-run"], { files: { "d.csv": movesFile("leadconnector,=1+1,2026-03-10T10:30:00Z,2026-03-10T11:00:00Z") } });
    expect(stdout).toContain("'=1+1");
    expect(stdout).not.toMatch(/(^|,)=1\+1/m);
  });
});

describe("the journal", () => {
  it("many senders waiting for a file that is behind share one drain listener (no MaxListenersExceededWarning)", async () => {
    const { createJournal } = await import("../src/journal.js");
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      const journal = createJournal({ path: join(dir, "behind.csv") }, ["line", "vendor", "appointmentId", "start", "end", "status"], () => {});
      const row = { line: 1, vendor: "onelink", appointmentId: "1", start: "a", end: "b", status: "ok" as const };
      let behind = false;
      for (let i = 0; i < 10_000 && !behind; i++) behind = !journal.record({ ...row, line: i + 1 });
      expect(behind).toBe(true); // the file fell behind: record says so
      await Promise.all(Array.from({ length: 50 }, () => journal.drained()));
      await journal.close();
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((w) => w.name)).not.toContain("MaxListenersExceededWarning");
      expect(readFileSync(join(dir, "behind.csv"), "utf8").trimEnd().split("\n").length).toBeGreaterThan(1);
    } finally {
      process.off("warning", onWarning);
    }
  });
});
