// The built bin in a child process, as a user runs it, so a test can signal or kill it part-way; and its results file.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { afterEach, beforeAll, beforeEach } from "vitest";
import { restoreCell } from "../src/csv.js";
import { type VendorServer, startVendorServer } from "./vendor-server.js";

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const cli = resolve(packageDir, "bin/crmkit.js");

function assertBuilt() {
  if (!existsSync(resolve(packageDir, "dist/cli.js"))) throw new Error("packages/cli is not built: run `pnpm build` first");
}

export interface Spawned {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  /** Resolves once the command said it is stopping (it took the first signal). */
  stopping: Promise<void>;
}

/** Runs `crmkit ...args` in `cwd` with only PATH and `env`; `children` collects it, for the test to kill what is left. */
export function spawnCrmkit(cwd: string, args: string[], env: Record<string, string>, children: ChildProcess[]): Spawned {
  const child = spawn(process.execPath, [cli, ...args], { cwd, env: { PATH: process.env.PATH!, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let stderr = "";
  const stopping = new Promise<void>((resolve) =>
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes(": stopping;")) resolve();
    }),
  );
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, exited, stopping };
}

/** A results file's rows, neutralised cells restored (a last line cut short by a kill is kept as it is). */
export const readResults = (path: string) =>
  (parse(readFileSync(path, "utf8"), { columns: true, relax_column_count: true }) as Record<string, string>[]).map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, restoreCell(v)])),
  );

export const idsWith = (rows: Record<string, string>[], status: string) => rows.filter((r) => r.status === status).map((r) => r.appointmentId);

/**
 * A test file's setting for the bin: a fresh directory per test (`dir`), and after each test every child it left
 * running killed and every vendor server it started (`vendor()`) closed.
 */
export function binFixture(prefix: string) {
  const fixture = {
    dir: "",
    children: [] as ChildProcess[],
    servers: [] as VendorServer[],
    async vendor(options: Parameters<typeof startVendorServer>[0]) {
      const server = await startVendorServer(options);
      fixture.servers.push(server);
      return server;
    },
  };
  beforeAll(assertBuilt);
  beforeEach(() => {
    fixture.dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(async () => {
    for (const child of fixture.children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await Promise.all(fixture.servers.splice(0).map((server) => server.close()));
    rmSync(fixture.dir, { recursive: true, force: true });
  });
  return fixture;
}
