import { defineConfig } from "vitest/config";

// Timeouts here only catch a hung test; they are no speed check (no test asserts wall-clock time). CI may share its 2
// cores with a second full test run, which makes everything several times slower (the Prism lifecycle tests took 25-28 s
// on such a machine, past the 20 s this used to be).
const HANG_GUARD_MS = 60_000;

// One project per kind of test, so the contract suites start their Prism servers once per run and per mode.
const contract = (mode: "static" | "dynamic") => ({
  test: {
    name: `contract:${mode}`,
    include: ["packages/*/test/**/*.contract.test.ts"],
    globalSetup: [`tools/contract-testing/src/global-setup-${mode}.ts`],
    testTimeout: HANG_GUARD_MS,
    hookTimeout: 3 * HANG_GUARD_MS,
    // The contract files share no state but the (read-only) specs and compiled schemas: one module cache per worker
    // instead of one per file roughly halves the suite's CPU time.
    isolate: false,
  },
});

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["packages/*/test/**/*.test.ts", "tools/*/test/**/*.test.ts"],
          exclude: ["**/*.contract.test.ts", "**/*.multiprocess.test.ts", "**/*.throughput.test.ts", "**/*.e2e.test.ts", "**/node_modules/**"],
          testTimeout: HANG_GUARD_MS,
          hookTimeout: HANG_GUARD_MS,
        },
      },
      {
        // Throughput runs (one process or several) measure achieved rate against a rate limit: they go after the other
        // suites, alone on the CPU, so a busy machine does not distort them.
        test: {
          name: "throughput",
          include: ["packages/*/test/**/*.multiprocess.test.ts", "packages/*/test/**/*.throughput.test.ts"],
          testTimeout: 60_000,
          sequence: { groupOrder: 1 },
          // One file at a time: two throughput runs side by side would each measure the other's load.
          fileParallelism: false,
        },
      },
      {
        // End-to-end runs of repository commands in a scratch worktree (install, build, a package's whole test run):
        // minutes of CPU, so they go last, after the throughput runs.
        test: {
          name: "e2e",
          include: ["tools/*/test/**/*.e2e.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 600_000,
          sequence: { groupOrder: 2 },
          fileParallelism: false,
        },
      },
      contract("static"),
      contract("dynamic"),
      {
        test: {
          name: "types",
          include: [],
          typecheck: { enabled: true, only: true, include: ["packages/*/test/**/*.test-d.ts"], tsconfig: "tsconfig.typetests.json" },
        },
      },
    ],
  },
});
