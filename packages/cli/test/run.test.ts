// How a run is paced and stopped: the documented limit said up front, none under --mock, a stop that still gives every
// row its outcome, and no listener pile-up over thousands of calls.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeFloor, formatDuration, limitFloor } from "../src/limits.js";
import { cliVendors } from "../src/vendors.js";
import { type Call, defaultVendor, guid, movesFile, runCli } from "./helpers.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "crmkit-run-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const vendor = (name: string) => cliVendors.find((v) => v.vendor === name)!;
const slot = "2026-03-10T10:30:00Z,2026-03-10T11:00:00Z";
const highLevelRows = (n: number) => Array.from({ length: n }, (_, i) => `leadconnector,ev-${i + 1},${slot}`);

describe("documented limits", () => {
  it("are read from the vendor packages: the client's default and the bulk API's own", () => {
    expect(vendor("leadconnector").limits).toEqual([{ limit: 100, windowMs: 10_000, scope: "calls" }]);
    expect(vendor("leadsquared").limits).toEqual([
      { limit: 25, windowMs: 5_000, scope: "calls" },
      { limit: 1, windowMs: 5_000, scope: "bulk calls" },
    ]);
    expect(vendor("leadsquared").chunkSize).toBe(50);
  });

  it("give the least time a run takes: HighLevel's 6,667 rows 11 min, LeadSquared's 100,000 in bulk calls of 50 about 2 h 47 min", () => {
    expect(describeFloor(limitFloor(vendor("leadconnector"), 6_667, 1)!, 6_667)).toBe(
      "leadconnector: 6,667 rows take at least 11 min at its documented limit of 100 calls per 10 s",
    );
    expect(formatDuration(limitFloor(vendor("leadsquared"), 100_000, 50)!.ms)).toBe("2 h 47 min");
    expect(limitFloor(vendor("onelink"), 3_000, 1)!.ms).toBe(0); // one window's worth: no wait at all
  });

  it("a live run says up front when the limit bounds it; a run stopped at once still writes every row, as not-sent", async () => {
    const stop = new AbortController();
    stop.abort("SIGTERM");
    const result = await runCli(dir, ["reschedule", "--file", "hl.csv"], { files: { "hl.csv": movesFile(...highLevelRows(6_667)) }, signal: stop.signal });
    expect(result.stderr).toContain("crmkit reschedule: leadconnector: 6,667 rows take at least 11 min at its documented limit of 100 calls per 10 s\n");
    expect(result.calls).toHaveLength(0);
    expect(result.code).toBe(143);
    const rows = parse(result.stdout, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(6_667);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(["not-sent"]));
    expect(result.stderr).toContain("stopped by SIGTERM: 0 moved, 0 failed, 6667 not sent");
  });

  it("under --mock no vendor limit applies: 150 HighLevel moves are all in flight at once", async () => {
    // Every answer waits until all 150 requests have arrived; a client still held to 100 per 10 s would stall at 100.
    let release!: () => void;
    const everyoneIn = new Promise<void>((resolve) => (release = resolve));
    const fallback = setTimeout(release, 15_000); // never hang the suite; the assertion below then fails
    let arrived = 0;
    const result = await runCli(dir, ["reschedule", "--file", "mock.csv", "--mock", "--concurrency", "150"], {
      files: { "mock.csv": movesFile(...highLevelRows(150)) },
      env: { HIGHLEVEL_BASE_URL: "http://mock.test" },
      vendor: async (call: Call) => {
        if (++arrived === 150) release();
        await everyoneIn;
        return defaultVendor(call);
      },
    });
    clearTimeout(fallback);
    expect(arrived).toBe(150);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("mock servers: no vendor rate limit applies");
    expect(result.stderr).not.toMatch(/documented limit/);
  }, 30_000);
});

it("thousands of mixed moves on one run add no listener that outlives its call (no MaxListenersExceededWarning)", async () => {
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  process.on("warning", onWarning);
  try {
    const rows = Array.from({ length: 3_000 }, (_, i) =>
      [`onelink,${i + 1},${slot}`, `leadconnector,ev-${i + 1},${slot}`, `leadsquared,${guid(i + 1)},${slot}`][i % 3]!,
    );
    const stop = new AbortController(); // a long-lived signal, as the bin's
    const result = await runCli(dir, ["reschedule", "--file", "many.csv", "--mock", "--concurrency", "8"], {
      files: { "many.csv": movesFile(...rows) },
      env: { HIGHLEVEL_BASE_URL: "http://hl.test", LSQ_BASE_URL: "http://lsq.test", ONELINK_BASE_URL: "http://ol.test" },
      signal: stop.signal,
    });
    expect(result.code, result.stderr).toBe(0);
    expect((parse(result.stdout, { columns: true }) as unknown[]).length).toBe(3_000);
    await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    expect(warnings.map((w) => w.name)).not.toContain("MaxListenersExceededWarning");
  } finally {
    process.off("warning", onWarning);
  }
}, 60_000);
