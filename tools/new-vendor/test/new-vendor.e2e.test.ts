// `pnpm new-vendor` end to end, in a scratch worktree of the committed state: the fixture contract goes into specs/,
// new-vendor creates the package, and then, as the README promises, install, build, the package's own tests (every
// project, Prism included), startMock and the release gate all work, and git sees changes only where new-vendor may
// write. A worktree (not a clone) shares this repository's turbo cache, so core comes from the cache when it is built.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../specs/vendors.mjs";

const vendor = "tiny-bookings";
const fixture = join(repoRoot, "tools/new-vendor/fixtures", vendor, "openapi.yaml");
const allowedPaths = [`specs/${vendor}/`, `packages/${vendor}/`, "pnpm-lock.yaml", ".changeset/"];

// The child tools must not think they run inside this vitest, and none may send telemetry.
const env: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("VITEST") && name !== "NODE_ENV" && name !== "TEST")),
  TURBO_TELEMETRY_DISABLED: "1",
  REDOCLY_TELEMETRY: "off",
  DO_NOT_TRACK: "1",
  SCARF_ANALYTICS: "false",
  OPTIC_TELEMETRY_LEVEL: "off",
  npm_config_update_notifier: "false",
  NO_COLOR: "1",
  FORCE_COLOR: "0",
};

interface Outcome {
  status: number | null;
  stdout: string;
  stderr: string;
}

const started = new Set<ChildProcess>();
/** How long each command took, printed at the end: the test's budget is about two minutes on a 2-core machine. */
const timings: string[] = [];
/** Every command runs in its own process group, killed when it ends: no Prism (or anything else) outlives its step. */
const killGroup = (child: ChildProcess) => {
  try {
    process.kill(-child.pid!, "SIGKILL");
  } catch {
    // the group is already gone
  }
};

function run(command: string, args: string[], timeoutMs: number): Promise<Outcome> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: worktree, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    started.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (chunk) => (stdout += chunk));
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${timeoutMs} ms]`;
      killGroup(child);
    }, timeoutMs);
    child.once("error", reject);
    child.once("close", (status) => {
      clearTimeout(timer);
      killGroup(child);
      started.delete(child);
      timings.push(`${((performance.now() - start) / 1000).toFixed(1).padStart(6)} s  ${[command === process.execPath ? "node" : command, ...args].join(" ").slice(0, 100)}`);
      resolve({ status, stdout, stderr });
    });
  });
}
const newVendor = (...args: string[]) => run(process.execPath, ["tools/new-vendor/src/cli.mjs", ...args], 60_000);
const explain = (outcome: Outcome) => `${outcome.stdout.slice(-4000)}\n${outcome.stderr.slice(-4000)}`;
const git = (...args: string[]) => spawnSync("git", args, { cwd: worktree, encoding: "utf8" });
const changedPaths = () => git("status", "--porcelain", "--untracked-files=all").stdout.split("\n").filter(Boolean).map((line) => line.slice(3));

let scratch: string;
let worktree: string;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), "crmkit-new-vendor-e2e-"));
  worktree = join(scratch, "repo");
  const added = spawnSync("git", ["worktree", "add", "--detach", "--quiet", worktree, "HEAD"], { cwd: repoRoot, encoding: "utf8" });
  if (added.status !== 0) throw new Error(`git worktree add failed: ${added.stderr}`);
  // The committed lockfile, from the pnpm store this machine already has.
  const install = await run("pnpm", ["install", "--frozen-lockfile", "--prefer-offline"], 180_000);
  if (install.status !== 0) throw new Error(`pnpm install failed:\n${explain(install)}`);
  // The types project type-checks every package's type tests, so the committed packages must be built too. Built now,
  // before the fixture exists, they come from turbo's cache (CI has just built this commit); once the fixture is in,
  // @crmkit/mock ships one more contract, and everything that depends on it would miss the cache.
  const build = await run("pnpm", ["turbo", "run", "build", "--output-logs=errors-only"], 480_000);
  if (build.status !== 0) throw new Error(`pnpm turbo run build failed:\n${explain(build)}`);
});

afterAll(() => {
  for (const child of started) killGroup(child);
  console.log(`new-vendor e2e, time per command:\n${timings.join("\n")}`);
  if (!scratch) return;
  const removed = spawnSync("git", ["worktree", "remove", "--force", worktree], { cwd: repoRoot, encoding: "utf8" });
  rmSync(scratch, { recursive: true, force: true });
  if (removed.status !== 0) spawnSync("git", ["worktree", "prune"], { cwd: repoRoot });
});

describe(`pnpm new-vendor ${vendor}, in a scratch worktree`, () => {
  it("refuses, in one line with exit code 2 and without writing anything, a missing spec, a bad name or an existing package", async () => {
    const refusals = [
      [[vendor], `new-vendor: specs/${vendor}/openapi.yaml does not exist`],
      [["Tiny_Bookings"], 'new-vendor: "Tiny_Bookings" is not a folder-safe vendor id'],
      [["onelink"], "new-vendor: packages/onelink already exists"],
    ] as const;
    for (const [args, message] of refusals) {
      const outcome = await newVendor(...args);
      expect(outcome.status, explain(outcome)).toBe(2);
      expect(outcome.stderr.trim().split("\n")).toEqual([expect.stringContaining(message)]);
    }
    expect(changedPaths()).toEqual([]);
  });

  it("creates the package from the spec, and refuses to create it twice", async () => {
    mkdirSync(join(worktree, "specs", vendor));
    cpSync(fixture, join(worktree, "specs", vendor, "openapi.yaml"));
    const outcome = await newVendor(vendor);
    expect(outcome.status, explain(outcome)).toBe(0);
    expect(outcome.stdout).toContain(`created packages/${vendor}/ (@crmkit/${vendor}, createTinyBookingsClient)`);
    expect(outcome.stdout).toContain("credentials: apiKey (query api_key)");
    for (const file of ["package.json", "LICENSE", "README.md", "src/index.ts", "src/generated/openapi.ts", "test/cases.ts", "test/types.test-d.ts"]) {
      expect(existsSync(join(worktree, "packages", vendor, file)), file).toBe(true);
    }
    const again = await newVendor(vendor);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain(`packages/${vendor} already exists`);
  });

  it("installs, and builds with only the new package and @crmkit/mock (which ships its contract) to rebuild", async () => {
    const install = await run("pnpm", ["install", "--prefer-offline", "--no-frozen-lockfile"], 180_000);
    expect(install.status, explain(install)).toBe(0);
    const build = await run("pnpm", ["turbo", "run", "build", "--filter", `@crmkit/${vendor}`, "--output-logs=errors-only"], 300_000);
    expect(build.status, explain(build)).toBe(0);
    expect(existsSync(join(worktree, "packages", vendor, "dist/index.js"))).toBe(true);
    expect(existsSync(join(worktree, "packages/mock/specs", vendor, "openapi.yaml"))).toBe(true);
  });

  it("passes its own tests in every project: unit, types, contract:static and contract:dynamic (Prism)", async () => {
    const tests = await run("pnpm", ["vitest", "run", `packages/${vendor}`], 300_000);
    expect(tests.status, explain(tests)).toBe(0);
    const report = tests.stdout.replace(/\x1b\[[0-9;]*m/g, "");
    for (const project of ["unit", "types", "contract:static", "contract:dynamic"]) {
      expect(report, project).toMatch(new RegExp(`✓ \\|${project}\\| .*packages/${vendor}/test/`));
    }
    expect(report).toMatch(/Test Files {2}6 passed \(6\)/);
  });

  it("is served by startMock, which checks its credential", async () => {
    const script = [
      `import { startMock } from "./packages/mock/dist/index.js";`,
      `const mock = await startMock(${JSON.stringify(vendor)});`,
      "try {",
      "  const withKey = await fetch(mock.url + '/bookings/bk_1?api_key=k');",
      "  const withoutKey = await fetch(mock.url + '/bookings/bk_1');",
      "  console.log(JSON.stringify({ withKey: withKey.status, body: await withKey.json(), withoutKey: withoutKey.status }));",
      "} finally {",
      "  await mock.close();",
      "}",
    ].join("\n");
    const outcome = await run(process.execPath, ["--input-type=module", "-e", script], 90_000);
    expect(outcome.status, explain(outcome)).toBe(0);
    expect(JSON.parse(outcome.stdout)).toEqual({ withKey: 200, body: { id: "bk_1", status: "confirmed", startsAt: "2026-12-01T09:00:00Z" }, withoutKey: 401 });
  });

  it("comes with the changeset the release gate asks for", async () => {
    const gate = await run(process.execPath, ["tools/release/src/spec-diff-cli.mjs", "--base", "HEAD", "--no-status"], 90_000);
    expect(gate.status, explain(gate)).toBe(0);
    expect(gate.stdout).toContain("✓ pending changesets cover every change");
  });

  it(`changes nothing outside ${allowedPaths.join(", ")}`, () => {
    const changed = changedPaths();
    expect(changed.filter((path) => !allowedPaths.some((allowed) => path === allowed || path.startsWith(allowed)))).toEqual([]);
    expect(changed).toEqual(expect.arrayContaining([`specs/${vendor}/openapi.yaml`, `packages/${vendor}/src/index.ts`, "pnpm-lock.yaml", `.changeset/new-vendor-${vendor}.md`]));
  });
});
