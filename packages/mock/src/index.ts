import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type AddressInfo, type Server } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ParentMessage, RunnerJob, RunnerMessage } from "./protocol.js";
import { specsDir, vendors, type Vendor } from "./vendors.js";

export { vendors, type Vendor };

export interface StartMockOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Generate responses from the schemas (json-schema-faker) instead of serving the spec's examples. */
  dynamic?: boolean;
  /** Seed for dynamic responses, so runs are repeatable. */
  seed?: string | number;
  /** Host to bind; defaults to 127.0.0.1. */
  host?: string;
  /** How long to wait for Prism to listen, in ms (default 60 s: loading Prism on a busy 2-core CI machine takes a while). */
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
  /** Id of the Prism process (shared by the mocks one `startMocks` call started). */
  pid: number;
  /** Everything that Prism process printed so far. */
  output(): string;
  /** Stops this mock and resolves once its port is free; the Prism process exits with the last of its mocks. */
  close(): Promise<void>;
}

/** Path of a vendor's contract as shipped in this package (falls back to the monorepo's specs/ in development). */
export function specPath(vendor: Vendor): string {
  if (!vendors.includes(vendor)) throw new TypeError(`unknown vendor "${String(vendor)}"; expected one of ${vendors.join(", ")}`);
  return join(specsDir, vendor, "openapi.yaml");
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Normal exits and process.exit(); when we die of a signal the runner notices its stdin and IPC channel close.
  process.once("exit", () => {
    for (const child of running) child.kill("SIGKILL");
  });
}

/** Rejects (code EADDRINUSE) when something already listens on a port the caller chose, before any process starts. */
function assertPortFree(port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(Object.assign(new Error(`port ${port} on ${host} is already in use (${error.code})`), { code: error.code })),
    );
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

/** A port nothing listens on right now (the OS's pick). */
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

/** Bad `startMock` input, reported before any process is started. `field` names the option, `rule` what it must be. */
export class MockOptionsError extends TypeError {
  override name = "MockOptionsError";
  constructor(
    readonly field: string,
    readonly rule: string,
    received: unknown,
  ) {
    super(`startMock: ${field} ${rule}; received ${JSON.stringify(received) ?? String(received)}`);
  }
}

const logLevels = ["trace", "debug", "info", "warn", "error", "fatal", "silent"];

function checkOptions(vendor: Vendor, options: StartMockOptions): void {
  if (!vendors.includes(vendor)) throw new MockOptionsError("vendor", `must be one of ${vendors.join(", ")}`, vendor);
  const { port, seed, host, startupTimeout, logLevel, proxyTo, dynamic } = options;
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535))
    throw new MockOptionsError("port", "must be an integer from 0 to 65535 (0 picks a free port)", port);
  if (dynamic !== undefined && typeof dynamic !== "boolean") throw new MockOptionsError("dynamic", "must be a boolean", dynamic);
  if (seed !== undefined && !(typeof seed === "number" ? Number.isFinite(seed) : typeof seed === "string" && seed !== ""))
    throw new MockOptionsError("seed", "must be a non-empty string or a finite number", seed);
  if (seed !== undefined && !dynamic) throw new MockOptionsError("seed", "only applies with dynamic: true", seed);
  if (host !== undefined && (typeof host !== "string" || host === "")) throw new MockOptionsError("host", "must be a non-empty string", host);
  if (startupTimeout !== undefined && !(typeof startupTimeout === "number" && startupTimeout > 0))
    throw new MockOptionsError("startupTimeout", "must be a positive number of milliseconds", startupTimeout);
  if (logLevel !== undefined && !logLevels.includes(logLevel)) throw new MockOptionsError("logLevel", `must be one of ${logLevels.join(", ")}`, logLevel);
  if (proxyTo !== undefined) {
    const url = URL.canParse(proxyTo) ? new URL(proxyTo) : undefined;
    if (!url || !/^https?:$/.test(url.protocol)) throw new MockOptionsError("proxyTo", "must be an absolute http(s) URL", proxyTo);
    if (dynamic) throw new MockOptionsError("dynamic", "cannot be combined with proxyTo (a proxy serves the real API's responses)", dynamic);
  }
}

/** Starts a Prism mock server for one vendor and resolves once it is listening. */
export async function startMock(vendor: Vendor, options: StartMockOptions = {}): Promise<MockServer> {
  const [server] = await startMocks([vendor], options);
  return server!;
}

/**
 * Starts mock servers for several vendors at once, one port each, all served by one Prism process (loading Prism is
 * most of its start-up time). With `port` set, the vendors get consecutive ports from it.
 */
export async function startMocks(list: readonly Vendor[], options: StartMockOptions = {}): Promise<MockServer[]> {
  if (!Array.isArray(list) || list.length === 0) throw new MockOptionsError("vendors", `must be a non-empty array of ${vendors.join(", ")}`, list);
  for (const vendor of list) checkOptions(vendor, options);
  if (options.port && options.port + list.length - 1 > 65535)
    throw new MockOptionsError("port", `leaves no room for ${list.length} consecutive ports below 65536`, options.port);
  const host = options.host ?? "127.0.0.1";
  for (let attempt = 1; ; attempt++) {
    const ports = options.port ? list.map((_, i) => options.port! + i) : await freePorts(list.length, host);
    try {
      if (options.port) for (const port of ports) await assertPortFree(port, host);
      return await launch(list, ports, host, options);
    } catch (error) {
      // A free port picked by us can be taken by someone else before Prism binds it; pick again.
      if (!options.port && attempt < 3 && (error as NodeJS.ErrnoException).code === "EADDRINUSE") continue;
      throw error;
    }
  }
}

/** Distinct free ports: each probe stays open until all are picked, so none is handed out twice. */
async function freePorts(count: number, host: string): Promise<number[]> {
  const probes = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Server>((resolve, reject) => {
          const probe = createServer();
          probe.unref();
          probe.once("error", reject);
          probe.listen(0, host, () => resolve(probe));
        }),
    ),
  );
  const ports = probes.map((probe) => (probe.address() as AddressInfo).port);
  await Promise.all(probes.map((probe) => new Promise((resolve) => probe.close(resolve))));
  return ports;
}

// Everything a runner printed, up to this many characters (the newest kept): enough to explain a failed start.
const outputLimit = 1_000_000;

function launch(list: readonly Vendor[], ports: number[], host: string, options: StartMockOptions): Promise<MockServer[]> {
  const runner = fileURLToPath(new URL("./prism-runner.js", import.meta.url));
  const jobs: RunnerJob[] = list.map((vendor, i) => ({
    id: `${i}:${vendor}`,
    document: specPath(vendor),
    port: ports[i]!,
    host,
    dynamic: options.dynamic === true,
    ...(options.seed !== undefined ? { seed: String(options.seed) } : {}),
    ...(options.proxyTo !== undefined ? { upstream: options.proxyTo } : {}),
    logLevel: options.logLevel ?? "warn",
  }));
  const child = spawn(process.execPath, [runner, JSON.stringify(jobs)], {
    stdio: ["pipe", "pipe", "pipe", "ipc"],
    env: { ...process.env, SCARF_ANALYTICS: "false", DO_NOT_TRACK: "1" },
  });
  running.add(child);
  installExitHook();
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk;
    if (output.length > outputLimit) output = output.slice(-outputLimit);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const alive = () => child.exitCode === null && child.signalCode === null;
  const exited = new Promise<void>((resolve) => child.once("exit", () => (running.delete(child), resolve())));
  const stopProcess = async () => {
    if (alive()) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
      await exited;
      clearTimeout(timer);
    }
  };

  const open = new Set(jobs.map((j) => j.id));
  const closing = new Map<string, () => void>();
  const closeJob = async (id: string) => {
    if (!open.delete(id)) return;
    if (alive()) {
      // The runner closes the server (and its connections), then exits by itself once it serves nothing.
      const closed = new Promise<void>((resolve) => closing.set(id, resolve));
      child.send({ type: "close", id } satisfies ParentMessage);
      await Promise.race([closed, exited]);
    }
    if (open.size === 0) {
      const timer = setTimeout(() => void stopProcess(), 3_000);
      await exited;
      clearTimeout(timer);
    }
  };

  return new Promise<MockServer[]>((resolve, reject) => {
    const ready = new Set<string>();
    let settled = false;
    const fail = async (message: string, code?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      await stopProcess();
      reject(Object.assign(new Error(`Prism for ${list.join(", ")} did not start: ${message}\n${output.trim()}`), { code }));
    };
    const timer = setTimeout(() => void fail(`no answer within ${options.startupTimeout ?? 60_000} ms`), options.startupTimeout ?? 60_000);
    child.once("exit", (code, signal) => void fail(`the runner exited (${signal ?? `code ${code}`})`));
    child.on("message", (message: RunnerMessage) => {
      if (message.type === "closed") return closing.get(message.id)?.();
      if (message.type === "failed") return void fail(message.message, /EADDRINUSE/.test(message.message) ? "EADDRINUSE" : undefined);
      ready.add(message.id);
      if (ready.size < jobs.length || settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(
        jobs.map((job, i) => ({
          url: `http://${host}:${job.port}`,
          vendor: list[i]!,
          port: job.port,
          pid: child.pid!,
          output: () => output,
          close: () => closeJob(job.id),
        })),
      );
    });
  });
}

// Webhook delivery (also importable alone from `@crmkit/mock/webhooks`).
export {
  type BuiltWebhook,
  type SendWebhookOptions,
  type SentWebhook,
  SendWebhookOptionsError,
  buildWebhook,
  sendWebhook,
  webhookEvents,
  webhookExample,
  webhookTestKeys,
} from "./webhooks.js";
