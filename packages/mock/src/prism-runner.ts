// Runs one Prism server per job in this process and reports to the parent over IPC. Loading Prism is most of its
// start-up cost, so several vendors share one process. The parent holds our stdin and the IPC channel open; when it
// exits for any reason (even SIGKILL) they close, and so do we: no Prism server outlives the process that started it.
import { createRequire } from "node:module";
import type { RunnerJob, RunnerMessage, ParentMessage } from "./protocol.js";

const exit = () => process.exit(0);
process.stdin.on("end", exit);
process.stdin.on("close", exit);
process.stdin.resume();
process.on("disconnect", exit);

const send = (message: RunnerMessage) => process.send?.(message);

interface PrismServer {
  close(): Promise<void>;
}

// Prism's own server factory, exactly as its CLI (`prism mock` / `prism proxy`) calls it, minus the CLI's argument
// parsing and spec-file watcher. The Prism version is pinned, so this module path is stable.
const require = createRequire(import.meta.url);
const { createSingleProcessPrism } = require("@stoplight/prism-cli/dist/util/createServer.js") as {
  createSingleProcessPrism(options: Record<string, unknown>): Promise<PrismServer | undefined>;
};

const jobs = JSON.parse(process.argv[2] ?? "[]") as RunnerJob[];
const servers = new Map<string, PrismServer>();
let pending = jobs.length;

const stopIfIdle = () => {
  if (pending === 0 && servers.size === 0) exit();
};

for (const job of jobs) {
  const options = {
    document: job.document,
    port: job.port,
    host: job.host,
    cors: true,
    multiprocess: false,
    verboseLevel: job.logLevel,
    dynamic: job.dynamic,
    seed: job.seed ?? null,
    ignoreExamples: false,
    jsonSchemaFakerFillProperties: undefined,
    // A proxy answers a request or response that breaks the contract with an error (what `--errors` does).
    errors: job.upstream !== undefined,
    ...(job.upstream !== undefined ? { upstream: new URL(job.upstream), validateRequest: true, upstreamProxy: undefined } : {}),
  };
  createSingleProcessPrism(options).then(
    (server) => {
      pending--;
      if (!server) throw new Error("Prism returned no server");
      servers.set(job.id, server);
      send({ type: "ready", id: job.id });
    },
    (error: unknown) => {
      pending--;
      send({ type: "failed", id: job.id, message: error instanceof Error ? error.message : String(error) });
      stopIfIdle();
    },
  );
}

process.on("message", async (message: ParentMessage) => {
  if (message.type !== "close") return;
  const server = servers.get(message.id);
  servers.delete(message.id);
  await server?.close().catch(() => undefined);
  send({ type: "closed", id: message.id });
  stopIfIdle();
});
