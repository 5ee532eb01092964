// crmkit cancel, the built bin, against a local vendor that records what it answered: stopped with SIGTERM part-way,
// the results file holds every answered cancel; --resume sends nothing twice. Killed outright while deleting LeadSquared
// tasks, the resumed run finds the tasks whose answers were lost already deleted, and records them not-found.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { guid } from "./helpers.js";
import { binFixture, idsWith, readResults, spawnCrmkit } from "./spawn.js";
import type { VendorServer } from "./vendor-server.js";

const ROWS = 600;

const bin = binFixture("crmkit-cancel-journal-");
let server: VendorServer;

const writeIds = (ids: string[]) => writeFileSync(join(bin.dir, "ids.csv"), ["vendor,appointmentId", ...ids].join("\n") + "\n");
/** --mock with the vendors' base URLs: every call goes to the test's vendor, on placeholder credentials, no rate limit. */
const start = (args: string[]) =>
  spawnCrmkit(bin.dir, ["cancel", "--file", "ids.csv", "--out", "results.csv", "--mock", "--concurrency", "2", ...args], { ONELINK_BASE_URL: server.url, LSQ_BASE_URL: server.url }, bin.children);
const results = () => readResults(join(bin.dir, "results.csv"));
const sentTwice = () => server.applied.map((a) => a.appointmentId).filter((id, i, all) => all.indexOf(id) !== i);

it("SIGTERM: every answered cancel is in the file as ok, the rest not-sent, exit 143; --resume sends the rest, nothing twice", async () => {
  server = await bin.vendor({ delayMs: 10 });
  writeIds(Array.from({ length: ROWS }, (_, i) => `onelink,${i + 1}`));
  const first = start([]);
  await server.answeredAtLeast(80);
  first.child.kill("SIGTERM");
  const { code, stderr } = await first.exited;
  expect(code, stderr).toBe(143);
  expect(stderr).toMatch(/stopped by SIGTERM: \d+ cancelled, 0 failed, \d+ not sent/);

  const written = results();
  expect(written.map((r) => Number(r.line)).sort((a, b) => a - b)).toEqual(Array.from({ length: ROWS }, (_, i) => i + 2)); // every row, once
  const answered = server.answered.map((a) => a.appointmentId);
  expect(idsWith(written, "ok").sort()).toEqual([...answered].sort()); // every answered cancel, and only those, is ok
  expect(idsWith(written, "not-sent")).toHaveLength(ROWS - answered.length);
  expect(written.filter((r) => r.status === "ok").every((r) => r.via === "cancel-call")).toBe(true);

  const second = start(["--resume", "--concurrency", "16"]);
  const resumed = await second.exited;
  expect(resumed.code, resumed.stderr).toBe(0);
  expect(sentTwice()).toEqual([]);
  expect(server.answered).toHaveLength(ROWS);
  expect(results().map((r) => r.status)).toEqual(Array(ROWS).fill("ok"));
}, 60_000);

it("SIGKILL while LeadSquared deletes are in flight: --resume re-sends only the rows without an outcome; a task the killed run deleted is not-found, exit 0", async () => {
  // Each delete is applied as it arrives and answered 150 ms later: a kill lands while calls are in flight.
  server = await bin.vendor({ delayMs: 150 });
  const ids = Array.from({ length: 200 }, (_, i) => guid(i + 1));
  writeIds(ids.map((id) => `leadsquared,${id}`));
  const first = start([]);
  await server.receivedAtLeast(20);
  first.child.kill("SIGKILL");
  expect((await first.exited).signal).toBe("SIGKILL");
  const settled = new Set(idsWith(results(), "ok"));
  const lost = [...new Set(server.applied.map((a) => a.appointmentId))].filter((id) => !settled.has(id)); // deleted, not in the file
  expect(lost.length).toBeGreaterThan(0);

  const before = server.applied.length;
  const second = start(["--resume", "--concurrency", "16"]);
  const resumed = await second.exited;
  expect(resumed.code, resumed.stderr).toBe(0);
  const resent = server.applied.slice(before).map((a) => a.appointmentId);
  expect(resent.filter((id) => settled.has(id))).toEqual([]); // a row the file says is cancelled is never sent again
  expect(new Set(resent).size).toBe(resent.length);

  const final = results();
  expect(final.map((r) => Number(r.line)).sort((a, b) => a - b)).toEqual(ids.map((_, i) => i + 2));
  expect(idsWith(final, "not-found").sort()).toEqual(lost.sort()); // the vendor deleted nothing the second time
  expect(final.filter((r) => r.status === "not-found").every((r) => /^NotFoundError: LeadSquared deleted no task/.test(r.error!))).toBe(true);
  expect(idsWith(final, "ok")).toHaveLength(ids.length - lost.length);
  expect(resumed.stderr).toMatch(new RegExp(`${ids.length - settled.size - lost.length} cancelled, ${lost.length} not found, 0 failed`));
}, 60_000);
