// The built bin against a local vendor that records what it answered: stopped with SIGTERM or killed with SIGKILL
// part-way, the results file holds every answered move; --resume sends only what did not move, nothing twice.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { binFixture, idsWith, readResults, spawnCrmkit } from "./spawn.js";
import type { VendorServer } from "./vendor-server.js";

const ROWS = 1000;

const bin = binFixture("crmkit-journal-");
let server: VendorServer;
beforeEach(() => {
  const rows = Array.from({ length: ROWS }, (_, i) => `onelink,${i + 1},2026-03-10T10:30:00+05:00,2026-03-10T11:00:00+05:00`);
  writeFileSync(join(bin.dir, "moves.csv"), ["vendor,appointmentId,start,end", ...rows].join("\n") + "\n");
});

/** Starts the bin: --mock with ONELINK_BASE_URL sends to the test's vendor, on placeholder credentials, no rate limit. */
const start = (args: string[]) =>
  spawnCrmkit(bin.dir, ["reschedule", "--file", "moves.csv", "--out", "results.csv", "--mock", "--concurrency", "2", ...args], { ONELINK_BASE_URL: server.url }, bin.children);
const results = () => readResults(join(bin.dir, "results.csv"));

describe("a run stopped part-way", () => {
  it("SIGTERM: stops sending, lets calls in flight finish, writes every row (unsent ones not-sent) and exits 143; --resume sends the rest, nothing twice", async () => {
    server = await bin.vendor({ delayMs: 10 });
    const first = start([]);
    await server.answeredAtLeast(120);
    first.child.kill("SIGTERM");
    const { code, stderr } = await first.exited;
    expect(code, stderr).toBe(143);
    expect(stderr).toContain("SIGTERM: stopping; nothing more is sent, calls in flight have 5 s to finish (signal again to stop them now)");
    expect(stderr).toMatch(/stopped by SIGTERM: \d+ moved, 0 failed, \d+ not sent/);
    expect(stderr).toContain("run again with --resume");

    const written = results();
    expect(written.map((r) => Number(r.line)).sort((a, b) => a - b)).toEqual(Array.from({ length: ROWS }, (_, i) => i + 2)); // every row, once
    const answered = server.answered.map((a) => a.appointmentId);
    expect(idsWith(written, "ok").sort()).toEqual([...answered].sort()); // every answered move, and only those, is ok
    expect(idsWith(written, "not-sent").length).toBe(ROWS - answered.length);

    const second = start(["--resume", "--concurrency", "16"]);
    const resumed = await second.exited;
    expect(resumed.code, resumed.stderr).toBe(0);
    const sentTwice = server.answered.map((a) => a.appointmentId).filter((id, i, all) => all.indexOf(id) !== i);
    expect(sentTwice).toEqual([]);
    expect(server.answered).toHaveLength(ROWS);
    const final = results();
    expect(final).toHaveLength(ROWS);
    expect(final.every((r) => r.status === "ok")).toBe(true);
  }, 60_000);

  it("SIGKILL: every move answered up to a second before the kill is in the file; --resume sends none of them again", async () => {
    server = await bin.vendor({ delayMs: 25 });
    const first = start([]);
    await server.answeredAtLeast(150);
    first.child.kill("SIGKILL");
    const killedAt = Date.now();
    expect((await first.exited).signal).toBe("SIGKILL");

    const ok = new Set(idsWith(results(), "ok"));
    const settledBefore = server.answered.filter((a) => a.at <= killedAt - 1000);
    expect(settledBefore.filter((a) => !ok.has(a.appointmentId))).toEqual([]);

    const before = server.answered.length;
    const second = start(["--resume", "--concurrency", "16"]);
    const resumed = await second.exited;
    expect(resumed.code, resumed.stderr).toBe(0);
    const resent = server.answered.slice(before).map((a) => a.appointmentId);
    expect(resent.filter((id) => ok.has(id))).toEqual([]); // a row the file says moved is never sent again
    expect(new Set(server.answered.map((a) => a.appointmentId)).size).toBe(ROWS);
    expect(results().filter((r) => r.status === "ok")).toHaveLength(ROWS);
  }, 60_000);

  it("SIGHUP and SIGINT stop a run the same way (exit 129, 130), every row written", async () => {
    server = await bin.vendor({ delayMs: 10 });
    for (const [signal, exit] of [["SIGHUP", 129], ["SIGINT", 130]] as const) {
      const before = server.answered.length;
      const run = start([]);
      await server.answeredAtLeast(before + 20);
      run.child.kill(signal);
      const { code, stderr } = await run.exited;
      expect(code, stderr).toBe(exit);
      expect(stderr).toContain(`stopped by ${signal}`);
      expect(results()).toHaveLength(ROWS);
    }
  }, 60_000);

  it("a second signal ends the grace period: calls still in flight are written as interrupted, the rest not-sent", async () => {
    server = await bin.vendor({ delayMs: 120_000 }); // the vendor never answers in time
    const run = start(["--grace-period", "60"]);
    await server.receivedAtLeast(2); // both calls of --concurrency 2 are on the wire
    run.child.kill("SIGTERM");
    await run.stopping; // two signals sent at once may arrive as one
    run.child.kill("SIGTERM");
    const { code, stderr } = await run.exited;
    expect(code, stderr).toBe(143);
    const written = results();
    expect(written).toHaveLength(ROWS);
    const interrupted = written.filter((r) => r.status === "interrupted");
    expect(interrupted).toHaveLength(2);
    expect(interrupted[0]!.error).toMatch(/^AbortError: .*still in flight when the run stopped: the vendor may have applied it/);
    expect(idsWith(written, "not-sent")).toHaveLength(ROWS - 2);
    expect(stderr).toMatch(/stopped by SIGTERM: 0 moved, 0 failed, 2 interrupted, 998 not sent/);
  }, 60_000);
});
