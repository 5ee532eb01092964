import { fork } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { RedisRateLimiterStateChange, RedisRateLimiterStats } from "../src/index.js";

const workerScript = fileURLToPath(new URL("./fixtures/worker.mjs", import.meta.url));
const builtEntries = ["../dist/index.js", "../node_modules/@crmkit/leadsquared/dist/index.js"].map((p) =>
  fileURLToPath(new URL(p, import.meta.url)),
);

export interface WorkerConfig {
  redisUrl: string;
  baseUrl: string;
  accessKey: string;
  secretKey: string;
  limit: number;
  windowMs: number;
  share: number;
  calls: number;
  concurrency: number;
}

export interface WorkerReport {
  statuses: Record<string, number>;
  failures: string[];
  stats: RedisRateLimiterStats;
  events: RedisRateLimiterStateChange[];
  startedAt: number;
  finishedAt: number;
  /** Mean time from sending a request to its response, on the wire (after the limiter). */
  meanRoundTripMs: number;
}

/**
 * Fork `count` workers, wait until each has its client and limiter ready, then start them together.
 * Resolves with every worker's report; rejects if one dies or the run exceeds `timeoutMs` (workers are killed then).
 */
export async function runWorkers(count: number, config: WorkerConfig, timeoutMs: number): Promise<WorkerReport[]> {
  const missing = builtEntries.filter((p) => !existsSync(p));
  if (missing.length) throw new Error(`The worker runs the built packages; run \`pnpm build\` first (missing ${missing.join(", ")})`);
  const children = Array.from({ length: count }, () =>
    fork(workerScript, [JSON.stringify(config)], { execArgv: [], stdio: ["ignore", "inherit", "inherit", "ipc"] }),
  );
  const timer = setTimeout(() => children.forEach((c) => c.kill("SIGKILL")), timeoutMs);
  try {
    const ready: Promise<void>[] = [];
    const reports = children.map(
      (child, i) =>
        new Promise<WorkerReport>((resolve, reject) => {
          ready.push(new Promise<void>((r) => child.once("message", () => r())));
          child.on("message", (m) => (m === "ready" ? undefined : resolve(m as WorkerReport)));
          child.once("exit", (code, signal) => reject(new Error(`worker ${i} exited (${code ?? signal}) before reporting`)));
        }),
    );
    const all = Promise.all(reports);
    all.catch(() => {});
    await Promise.race([Promise.all(ready), all]);
    children.forEach((child) => child.send("go"));
    return await all;
  } finally {
    clearTimeout(timer);
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}
