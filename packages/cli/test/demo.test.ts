// `pnpm demo` runs this: the crmkit bin's demo against the four mock servers, start to finish.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
// The bin as installed: the committed shim, which loads the build.
const cli = resolve(packageDir, "bin/crmkit.js");
const built = resolve(packageDir, "dist/cli.js");

it("the demo runs a day on every vendor against the mocks, exits 0 on its own and leaves no mock server running", async () => {
  if (!existsSync(built)) throw new Error("packages/cli is not built: run `pnpm build` first");
  // No credentials in the environment: every vendor goes to its mock.
  const { stdout } = await promisify(execFile)(process.execPath, [cli, "demo"], { env: { PATH: process.env.PATH }, timeout: 120_000 });
  const urls = [...stdout.matchAll(/^ {2}(\S+)\s+mock server (http:\/\/127\.0\.0\.1:\d+)$/gm)].map((m) => [m[1], m[2]!] as const);
  expect(urls.map(([vendor]) => vendor)).toEqual(["leadconnector", "leadsquared", "onelink", "pexip-engage"]);
  expect(stdout).toContain("LeadSquared bulk limit (1 call per 5 s) lifted for the mock");
  expect(stdout).toContain("bulk: 200/200 done, 0 failed");
  for (const step of ["reschedule 5123", "reschedule 0TkCdp9PfvLeWKYRRvIz", "bulk reschedule 200 appointments", "move opportunity to a new stage", "replace lead segment scheduling settings"]) {
    expect(stdout).toMatch(new RegExp(`^ok +\\S+ +mock +${step}`, "m"));
  }
  // The appointment loop on every scheduling vendor: list, book, move, cancel (each vendor's own way).
  for (const vendor of ["leadconnector", "leadsquared", "onelink"]) {
    for (const step of ["list tomorrow's appointments", "book an appointment", "move booked appointment \\S+", "cancel booked appointment \\S+"]) {
      expect(stdout).toMatch(new RegExp(`^ok +${vendor} +mock +${step}`, "m"));
    }
  }
  expect(stdout).toMatch(/cancel booked appointment \S+ +cancelled \(status-change\)/);
  expect(stdout).toMatch(/cancel booked appointment \S+ +cancelled \(delete\)/);
  expect(stdout).toMatch(/cancel booked appointment \S+ +cancelled \(cancel-call\)/);
  expect(stdout).toMatch(/crmkit demo: 22 of 22 steps ok in [\d.]+ s/);
  for (const [, url] of urls) await expect(fetch(url)).rejects.toThrow(); // every Prism is gone
}, 150_000);
