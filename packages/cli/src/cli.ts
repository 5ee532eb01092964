#!/usr/bin/env node
import { stopExit } from "./bulk-command.js";
import { main } from "./main.js";

// SIGTERM (`timeout`, a CI runner, `kill`), SIGINT (Ctrl-C) and SIGHUP (a closed terminal) stop a run: nothing more is
// sent, calls in flight get the grace period, every row still gets its outcome. A second signal ends the grace period;
// a third exits at once.
const stop = new AbortController();
const interrupt = new AbortController();
const signals = ["SIGTERM", "SIGINT", "SIGHUP"] as const;
let received = 0;
const onSignal = (name: NodeJS.Signals) => {
  received++;
  if (received === 1) stop.abort(name);
  else if (received === 2) interrupt.abort(name);
  else process.exit(stopExit(name));
};
for (const name of signals) process.on(name, onSignal);

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), signal: stop.signal, interrupt: interrupt.signal }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`crmkit: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
