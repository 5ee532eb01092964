// Everything that can be checked is checked before the first request: a failure costs one line and a hint, exit 2,
// no request, and no results file.
import { existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resultColumns } from "../src/journal.js";
import { rescheduleOperation } from "../src/reschedule.js";
import { movesFile, runCli } from "./helpers.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "crmkit-preflight-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const moves = movesFile("onelink,5123,2026-03-10T10:30:00+05:00,2026-03-10T11:00:00+05:00", "onelink,5124,2026-03-11T10:30:00+05:00,2026-03-11T11:00:00+05:00");
const reschedule = (...args: string[]) => runCli(dir, ["reschedule", "--file", "moves.csv", ...args], { files: { "moves.csv": moves } });

/** Exit 2, nothing sent, and exactly two lines on stderr: the problem and a hint. */
function expectUsage(result: Awaited<ReturnType<typeof reschedule>>, problem: string | RegExp) {
  expect(result.calls).toHaveLength(0);
  expect(result.code, result.stderr).toBe(2);
  const lines = result.stderr.split("\n").filter(Boolean);
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(typeof problem === "string" ? new RegExp(`^crmkit reschedule: ${problem.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`) : problem);
}

describe("preflight", () => {
  it("--out in a directory that does not exist: refused before any request (the old ENOENT after every move was sent)", async () => {
    const result = await reschedule("--out", "nowhere/results.csv");
    expectUsage(result, "cannot write --out nowhere/results.csv: the directory nowhere does not exist");
    expect(result.stderr).toContain("Nothing was sent.");
  });

  it("--out that is the input file, by name or by another path to it, or a directory", async () => {
    expectUsage(await reschedule("--out", "moves.csv"), "--out moves.csv is the input file: the results would overwrite the moves");
    expectUsage(await reschedule("--out", "./sub/../moves.csv"), "--out ./sub/../moves.csv is the input file");
    writeFileSync(join(dir, "moves.csv"), moves);
    rmSync(join(dir, "hardlink.csv"), { force: true });
    linkSync(join(dir, "moves.csv"), join(dir, "hardlink.csv"));
    expectUsage(await reschedule("--out", "hardlink.csv"), "--out hardlink.csv is the input file");
    mkdirSync(join(dir, "a-directory"), { recursive: true });
    expectUsage(await reschedule("--out", "a-directory"), "--out a-directory is a directory");
    expect(readFileSync(join(dir, "moves.csv"), "utf8")).toBe(moves);
  });

  it("--resume without --out, or with a file crmkit did not write, or one written for another moves file", async () => {
    expectUsage(await reschedule("--resume"), "--resume needs --out");
    writeFileSync(join(dir, "other.csv"), "a,b,c\n1,2,3\n");
    expectUsage(await reschedule("--resume", "--out", "other.csv"), "cannot resume: other.csv is not a crmkit results file");
    const header = resultColumns(rescheduleOperation.columns, rescheduleOperation.outcomeColumns).join(",");
    writeFileSync(join(dir, "elsewhere.csv"), `${header}\n2,onelink,999,a,b,ok,,,,\n`);
    expectUsage(await reschedule("--resume", "--out", "elsewhere.csv"), "cannot resume: elsewhere.csv records line 2 as onelink 999, but moves.csv line 2 is onelink 5123");
    writeFileSync(join(dir, "longer.csv"), `${header}\n40,onelink,5123,a,b,ok,,,,\n`);
    expectUsage(await reschedule("--resume", "--out", "longer.csv"), "cannot resume: longer.csv records a move for line 40, which moves.csv does not have");
  });

  it("bad options: one line and where the help is, not the whole help", async () => {
    for (const [args, problem] of [
      [["--concurrency", "0"], '--concurrency must be a positive integer, got "0"'],
      [["--grace-period", "soon"], '--grace-period must be a whole number, got "soon"'],
      [["--out"], "option --out needs a value"],
      [["extra"], "unexpected argument: extra"],
    ] as const) {
      const result = await reschedule(...args);
      expectUsage(result, problem);
      expect(result.stderr).toContain("Run `crmkit reschedule --help` for the options.");
    }
  });

  it("a run refused by preflight leaves no results file behind", async () => {
    const result = await runCli(dir, ["reschedule", "--file", "moves.csv", "--out", "fresh.csv"], { files: { "moves.csv": moves }, env: {} });
    expectUsage(result, "onelink is not configured: set ONELINK_TOKEN, ONELINK_ACCOUNT_ID");
    expect(existsSync(join(dir, "fresh.csv"))).toBe(false);
  });
});
