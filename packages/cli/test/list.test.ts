// crmkit list against a scripted vendor: each vendor's filters sent as it names them, CSV and NDJSON written as the
// appointments arrive, formula cells neutralised, LeadSquared's pages followed, a stop that stops fetching, and every
// usage problem caught before the first request.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { restoreCell } from "../src/csv.js";
import { LIST_COLUMNS } from "../src/list.js";
import { type Call, guid, json, liveEnv, runCli } from "./helpers.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "crmkit-list-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const week = ["--from", "2026-03-09T00:00:00+05:00", "--to", "2026-03-16T00:00:00+05:00"];
const list = (args: string[], vendor: (call: Call, index: number) => Response | Promise<Response>, signal?: AbortSignal) =>
  runCli(dir, ["list", ...week, ...args], { vendor, ...(signal ? { signal } : {}) });
const csvRows = (text: string) => (parse(text, { columns: true }) as Record<string, string>[]).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, restoreCell(v)])));

const hlEvent = (id: string, title: string) => ({
  id,
  title,
  calendarId: "cal-1",
  locationId: "loc-1",
  contactId: "contact-1",
  assignedUserId: "user-1",
  appointmentStatus: "confirmed",
  startTime: "2026-03-10T09:30:00+05:00",
  endTime: "2026-03-10T10:00:00+05:00",
  dateAdded: "2026-03-01T04:30:00Z",
  dateUpdated: "2026-03-02T04:30:00Z",
});
const owner = guid(500);
const at = (minutes: number) => new Date(Date.UTC(2026, 2, 10, 4) + minutes * 60_000).toISOString().slice(0, 19).replace("T", " ");
const tasks = Array.from({ length: 23 }, (_, i) => ({ UserTaskId: guid(i + 1), Name: `Visit ${i + 1}`, DueDate: at(i * 30), EndDate: at(i * 30 + 30), StatusCode: 0, OwnerId: owner }));
/** LeadSquared's listing, page by page (PageIndex, PageSize; 10 a page by default). */
const lsqPage = (call: Call) => {
  const { PageIndex, PageSize = 10 } = call.body.Paging;
  return json({ RecordCount: tasks.length, List: tasks.slice((PageIndex - 1) * PageSize, PageIndex * PageSize) });
};

describe("crmkit list", () => {
  it("HighLevel: CSV with a header row, the filters as query parameters, times in UTC, formula cells neutralised", async () => {
    const events = [hlEvent("ev-1", "Intro call"), hlEvent("+cmd", '=HYPERLINK("http://evil.test","x")'), hlEvent("ev-3", "@SUM(A1)")];
    const { code, stdout, stderr, calls } = await list(["--vendor", "leadconnector", "--location-id", "loc-2", "--calendar-id", "cal-9"], () => json({ events }));
    expect(code, stderr).toBe(0);
    expect(calls).toHaveLength(1);
    expect(Object.fromEntries(calls[0]!.url.searchParams)).toEqual({
      locationId: "loc-2",
      calendarId: "cal-9",
      startTime: String(Date.parse("2026-03-09T00:00:00+05:00")),
      endTime: String(Date.parse("2026-03-16T00:00:00+05:00")),
    });
    expect(stdout.split("\n")[0]).toBe(LIST_COLUMNS.join(","));
    const cells = (parse(stdout) as string[][]).flat();
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]); // nothing a spreadsheet would run
    expect(csvRows(stdout)).toEqual(
      events.map((e) => ({
        vendor: "leadconnector",
        id: e.id,
        start: "2026-03-10T04:30:00.000Z",
        end: "2026-03-10T05:00:00.000Z",
        status: "confirmed",
        title: e.title,
        calendarId: "cal-1",
        contactId: "contact-1",
        assignedUserId: "user-1",
        createdAt: "2026-03-01T04:30:00.000Z",
        updatedAt: "2026-03-02T04:30:00.000Z",
      })),
    );
    expect(stderr).toContain("3 appointment(s)");
    expect(stderr + stdout).not.toMatch(/secret/);
  });

  it("One-Link: --resource-id repeated goes as one resource_ids list; --format json writes NDJSON with the vendor's record", async () => {
    const appointment = { id: 5123, starts_at: "2026-03-10T10:30:00+05:00", ends_at: "2026-03-10T11:00:00+05:00", status: "scheduled", resource_id: 7, service_name_snapshot: "=1+1" };
    const { code, stdout, calls } = await list(["--vendor", "onelink", "--resource-id", "7", "--resource-id", "9", "--format", "json"], () => json({ payload: [appointment, { ...appointment, id: 5124 }] }));
    expect(code).toBe(0);
    expect(calls[0]!.url.searchParams.get("resource_ids")).toBe("7,9");
    const lines = stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toEqual({
      vendor: "onelink",
      id: "5123",
      start: "2026-03-10T05:30:00.000Z",
      end: "2026-03-10T06:00:00.000Z",
      status: "scheduled",
      title: "=1+1", // JSON is no spreadsheet: values as the vendor gave them
      calendarId: "7",
      raw: appointment,
    });
    expect(JSON.parse(lines[1]!).id).toBe("5124");
  });

  it("LeadSquared: every page followed, each appointment once and in order, to --out; several owners in one listing", async () => {
    const { code, stderr, calls } = await list(["--vendor", "leadsquared", "--user-id", owner, "--user-id", guid(501), "--page-size", "5", "--out", "all.csv"], lsqPage);
    expect(code, stderr).toBe(0);
    expect(calls.map((c) => c.body.Paging)).toEqual([1, 2, 3, 4, 5].map((PageIndex) => ({ PageIndex, PageSize: 5 })));
    expect(calls[0]!.body.Users).toEqual([owner, guid(501)]);
    const rows = csvRows(readFileSync(join(dir, "all.csv"), "utf8"));
    expect(rows.map((r) => r.id)).toEqual(tasks.map((t) => t.UserTaskId));
    expect(rows[22]).toMatchObject({ title: "Visit 23", start: "2026-03-10T15:00:00.000Z", assignedUserId: owner });
    expect(stderr).toContain("23 appointment(s) to all.csv");
  });

  it("a stop while a page is in flight aborts it and fetches nothing more; what was written stays, exit 128 + n", async () => {
    const stop = new AbortController();
    let stoppedOnTheWire = false;
    const { code, stderr, calls } = await list(["--vendor", "leadsquared", "--user-id", owner, "--page-size", "5", "--out", "stopped.csv"], (call) => {
      if (call.body.Paging.PageIndex < 3) return lsqPage(call);
      // The transport learns of a stop through the request's signal, as fetch does (core's "abort" event on it).
      return new Promise<Response>((_, reject) => {
        call.signal.addEventListener("abort", () => ((stoppedOnTheWire = true), reject(new Error("aborted"))), { once: true });
        stop.abort("SIGINT"); // Ctrl-C while page 3 is on the wire
      });
    }, stop.signal);
    expect(code, stderr).toBe(130);
    expect(calls).toHaveLength(3); // RecordCount promised two pages more: neither was asked for
    expect(stoppedOnTheWire).toBe(true);
    expect(csvRows(readFileSync(join(dir, "stopped.csv"), "utf8")).map((r) => r.id)).toEqual(tasks.slice(0, 10).map((t) => t.UserTaskId));
    expect(stderr).toContain("stopped by SIGINT: 10 appointment(s) written to stopped.csv; the listing is not complete");
  });

  it("a stop between pages requests no further page", async () => {
    const stop = new AbortController();
    const { code, stdout, calls } = await list(["--vendor", "leadsquared", "--user-id", owner, "--page-size", "4", "--format", "json"], (call) => {
      if (call.body.Paging.PageIndex === 2) stop.abort("SIGTERM");
      return lsqPage(call);
    }, stop.signal);
    expect(code).toBe(143);
    expect(calls).toHaveLength(2);
    expect(stdout.trimEnd().split("\n").length).toBeLessThanOrEqual(8);
  });

  it("a vendor error part-way: exit 1, the appointments before it written, the error said", async () => {
    const { code, stdout, stderr } = await list(["--vendor", "leadsquared", "--user-id", owner, "--page-size", "5"], (call) =>
      call.body.Paging.PageIndex === 1 ? lsqPage(call) : json({ Status: "Error", ExceptionType: "MXInvalidInputException", ExceptionMessage: "Invalid paging" }, 400),
    );
    expect(code).toBe(1);
    expect(csvRows(stdout)).toHaveLength(5);
    expect(stderr).toMatch(/crmkit list: \w+Error: .*Invalid paging.* \(after 5 appointment\(s\) written; the listing is not complete\)/);
  });
});

describe("crmkit list usage", () => {
  const usage = async (args: string[], env: Record<string, string> = liveEnv) => {
    const result = await runCli(dir, ["list", ...args], { env, vendor: () => json({}) });
    expect(result.calls, args.join(" ")).toHaveLength(0);
    expect(result.code, result.stderr).toBe(2);
    const lines = result.stderr.split("\n").filter(Boolean);
    expect(lines, result.stderr).toHaveLength(2);
    return lines;
  };

  it("every problem is one line and a hint, exit 2, before any request", async () => {
    for (const [args, problem] of [
      [["--from", "2026-03-09T00:00:00Z", "--to", "2026-03-10T00:00:00Z"], "--vendor is required"],
      [["--vendor", "salesforce", ...week], 'unknown vendor "salesforce": expected one of leadconnector, leadsquared, onelink'],
      [["--vendor", "onelink", ...week, "--format", "xml"], '--format must be csv or json, got "xml"'],
      [["--vendor", "onelink", ...week, "--calendar-id", "c"], "--calendar-id is not a filter of onelink (its filters: --resource-id)"],
      [["--vendor", "onelink", ...week, "--resource-id", "seven"], '--resource-id: Invalid resourceId[0]: expected a One-Link resource id (a positive integer), got "seven"'],
      [["--vendor", "leadsquared", ...week], "--user-id: Invalid userId"],
      [["--vendor", "leadconnector", ...week, "--location-id", "l", "--calendar-id", "a", "--calendar-id", "b"], "--calendar-id takes one value for leadconnector, got 2"],
      [["--vendor", "leadconnector", ...week, "--calendar-id", "a"], "--location-id: Invalid locationId"],
      [["--vendor", "onelink", "--from", "2026-03-09T00:00:00", "--to", "2026-03-10T00:00:00Z"], '--from: Invalid from: "2026-03-09T00:00:00" must carry a UTC offset'],
      [["--vendor", "onelink", "--from", "2026-03-10T00:00:00Z", "--to", "2026-03-09T00:00:00Z"], "--to: Invalid to"],
      [["--vendor", "onelink", ...week, "--page-size", "0"], '--page-size must be a positive integer, got "0"'],
      [["--vendor", "onelink", ...week, "--out", "nowhere/x.csv"], "cannot write --out nowhere/x.csv: the directory nowhere does not exist"],
      [["--vendor", "onelink", ...week, "--resourceid", "7"], "unknown option --resourceid"],
    ] as const) {
      const [line] = await usage([...args]);
      expect(line, args.join(" ")).toContain(`crmkit list: ${problem}`);
    }
  });

  it("a filter's problem names what the filter is; credentials are checked, --mock needs none", async () => {
    const [, hint] = await usage(["--vendor", "leadsquared", ...week, "--user-id", "nope"]);
    expect(hint).toBe("leadsquared --user-id (repeatable): the owner (a LeadSquared user id, a GUID; required)");
    expect(await usage(["--vendor", "onelink", ...week], { HIGHLEVEL_TOKEN: "t" })).toEqual([
      "crmkit list: onelink is not configured: set ONELINK_TOKEN, ONELINK_ACCOUNT_ID",
      "Nothing was sent. Or use --mock to list from a local mock server.",
    ]);
    const mocked = await runCli(dir, ["list", "--vendor", "onelink", ...week, "--mock"], { env: { ONELINK_BASE_URL: "http://mock.test" }, vendor: () => json({ payload: [] }) });
    expect([mocked.code, mocked.calls.length, mocked.stdout]).toEqual([0, 1, `${LIST_COLUMNS.join(",")}\n`]);
  });
});
