#!/usr/bin/env node
// crmkit-mock <vendor...> [--port N] [--dynamic] [--seed S]: starts Prism mocks and prints their URLs until Ctrl-C.
// crmkit-mock send-webhook <vendor> <event> --url URL: delivers one webhook event (see webhook-cli.ts).
import { parseArgs } from "node:util";
import { startMocks, vendors, type Vendor } from "./index.js";
import { runSendWebhook } from "./webhook-cli.js";

const usage = `usage: crmkit-mock <vendor...> [--port N] [--dynamic] [--seed S]
vendors: ${vendors.join(", ")}, or "all"
--port N     first port (the next vendors get N+1, N+2, ...); default: free ports
--dynamic    generate responses from the schemas instead of serving the examples
--seed S     seed for --dynamic, so responses repeat run after run
       crmkit-mock send-webhook <vendor> <event> --url URL   (send-webhook --help for more)`;

async function main() {
  if (process.argv[2] === "send-webhook") return void (process.exitCode = await runSendWebhook(process.argv.slice(3)));
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: "string", short: "p" },
      dynamic: { type: "boolean", short: "d", default: false },
      seed: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return void console.log(usage);
  const selected = (positionals.includes("all") ? [...vendors] : positionals) as Vendor[];
  const unknown = selected.filter((v) => !vendors.includes(v));
  if (!selected.length || unknown.length) {
    console.error(unknown.length ? `unknown vendor: ${unknown.join(", ")}\n${usage}` : usage);
    process.exit(2);
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!/^\d+$/.test(values.port ?? "0") || port > 65535) {
    console.error(`--port must be an integer from 0 to 65535, got "${values.port}"`);
    process.exit(2);
  }
  const servers = await startMocks(selected, { port, dynamic: values.dynamic, ...(values.seed !== undefined ? { seed: values.seed } : {}) });
  for (const s of servers) console.log(`${s.vendor.padEnd(14)} ${s.url}`);
  console.log("Mock servers running. Press Ctrl-C to stop.");
  const stop = async () => {
    await Promise.all(servers.map((s) => s.close()));
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(error?.name === "MockOptionsError" ? 2 : 1);
});
