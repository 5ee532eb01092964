import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

export const vendors = ["leadconnector", "leadsquared", "onelink", "pexip-engage"] as const;
export type Vendor = (typeof vendors)[number];

export interface StartMockOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Generate responses from the schemas (json-schema-faker) instead of serving the spec's examples. */
  dynamic?: boolean;
  /** Seed for dynamic responses, so runs are repeatable. */
  seed?: string | number;
  /** Host to bind; defaults to 127.0.0.1. */
  host?: string;
  /** How long to wait for Prism to answer, in ms (default 30 s). */
  startupTimeout?: number;
  /** Prism's log level (default "warn"). */
  logLevel?: "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";
  /** `prism proxy` to this upstream instead of `prism mock`: Prism validates real traffic against the contract. */
  proxyTo?: string;
}

export interface MockServer {
  /** Base URL of the mock, e.g. `http://127.0.0.1:41234`. Prism serves the spec's paths below it. */
  url: string;
  vendor: Vendor;
  port: number;
  /** The Prism process id (for diagnostics). */
  pid: number;
  /** Everything Prism printed so far. */
  output(): string;
  /** Stops Prism and resolves once the process has exited and the port is free. */
  close(): Promise<void>;
}

/** Path of a vendor's contract as shipped in this package (falls back to the monorepo's specs/ in development). */
export function specPath(vendor: Vendor): string {
  if (!vendors.includes(vendor)) throw new TypeError(`unknown vendor "${String(vendor)}"; expected one of ${vendors.join(", ")}`);
  const shipped = fileURLToPath(new URL(`../specs/${vendor}/openapi.yaml`, import.meta.url));
  if (existsSync(shipped)) return shipped;
  return fileURLToPath(new URL(`../../../specs/${vendor}/openapi.yaml`, import.meta.url));
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Normal exits and process.exit(); signals are covered by the runner, which exits when our stdin pipe closes.
  process.once("exit", () => {
    for (const child of running) child.kill("SIGKILL");
  });
}

export async function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts a Prism mock server for one vendor and resolves once it answers HTTP. */
export async function startMock(vendor: Vendor, options: StartMockOptions = {}): Promise<MockServer> {
  const host = options.host ?? "127.0.0.1";
  const spec = specPath(vendor);
  for (let attempt = 1; ; attempt++) {
    const port = options.port || (await freePort(host));
    try {
      return await launch(vendor, spec, host, port, options);
    } catch (error) {
      // A free port picked by us can be taken before Prism binds it; try another one.
      if (!options.port && attempt < 3 && String(error).includes("EADDRINUSE")) continue;
      throw error;
    }
  }
}

/** Starts several mock servers in parallel. */
export async function startMocks(list: readonly Vendor[], options: StartMockOptions = {}): Promise<MockServer[]> {
  const results = await Promise.allSettled(list.map((vendor) => startMock(vendor, options)));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) {
    await Promise.all(results.map((r) => (r.status === "fulfilled" ? r.value.close() : undefined)));
    throw failed.reason;
  }
  return results.map((r) => (r as PromiseFulfilledResult<MockServer>).value);
}

function launch(vendor: Vendor, spec: string, host: string, port: number, options: StartMockOptions): Promise<MockServer> {
  const runner = fileURLToPath(new URL("./prism-runner.js", import.meta.url));
  const args = options.proxyTo
    ? ["proxy", spec, options.proxyTo, "--errors"]
    : ["mock", spec, ...(options.dynamic ? ["--dynamic", ...(options.seed !== undefined ? ["--seed", String(options.seed)] : [])] : [])];
  args.push("--port", String(port), "--host", host, "--verboseLevel", options.logLevel ?? "warn");
  const child = spawn(process.execPath, [runner, ...args], {
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, SCARF_ANALYTICS: "false", DO_NOT_TRACK: "1" },
  });
  running.add(child);
  installExitHook();
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => (running.delete(child), resolve())));
  const url = `http://${host}:${port}`;

  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
      await exited;
      clearTimeout(timer);
    }
  };

  return new Promise<MockServer>((resolve, reject) => {
    const deadline = Date.now() + (options.startupTimeout ?? 30_000);
    let settled = false;
    const fail = async (message: string) => {
      if (settled) return;
      settled = true;
      await close();
      reject(new Error(`Prism for ${vendor} did not start: ${message}\n${output.trim()}`));
    };
    child.once("exit", (code) => void fail(`exited with code ${code}`));
    const poll = async () => {
      if (settled) return;
      try {
        // Any HTTP answer (even a 404 for "/") means Prism is serving.
        await fetch(url + "/", { signal: AbortSignal.timeout(1_000) });
        settled = true;
        resolve({ url, vendor, port, pid: child.pid!, output: () => output, close });
      } catch {
        if (Date.now() > deadline) return void fail("timed out waiting for it to answer");
        setTimeout(poll, 100).unref();
      }
    };
    void poll();
  });
}
