import { createRequire } from "node:module";
import { cancelCommand } from "./cancel.js";
import { demoCommand } from "./demo.js";
import { listCommand } from "./list.js";
import type { CliIo } from "./bulk-command.js";
import { rescheduleCommand } from "./reschedule.js";
import { UsageError, reportUsage } from "./usage.js";

export type { CliIo };

export const version: string = (createRequire(import.meta.url)("../package.json") as { version: string }).version;

export const usage = `usage: crmkit <command> [options]

commands:
  list --vendor V --from ISO --to ISO [filters] [--format csv|json] [--out FILE] [--mock]
      the appointments that start in a window, streamed as CSV or NDJSON
  reschedule --file moves.csv [--out results.csv] [--resume] [--dry-run] [--mock]
      move appointments listed in a CSV file (vendor,appointmentId,start,end)
  cancel --file ids.csv [--out results.csv] [--resume] [--dry-run] [--mock]
      cancel appointments listed in a CSV file (vendor,appointmentId)
  demo [--mock]
      a day of scheduling work, against mocks or real APIs

  crmkit --version   the version of @crmkit/cli

Run \`crmkit <command> --help\` for a command's options and environment variables.
`;

const commands = ["list", "reschedule", "cancel", "demo"];

/** The whole CLI, with its input and output injected: returns the exit status. */
export async function main(args: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case "list":
      return listCommand(rest, io);
    case "reschedule":
      return rescheduleCommand(rest, io);
    case "cancel":
      return cancelCommand(rest, io);
    case "demo":
      return demoCommand(rest, io);
    case "help":
    case "--help":
    case "-h":
      io.stdout.write(usage);
      return 0;
    case "--version":
    case "-v":
      io.stdout.write(`${version}\n`);
      return 0;
    case undefined:
      return reportUsage(io.stderr, "", new UsageError(`which command? ${commands.slice(0, -1).join(", ")} or ${commands.at(-1)}`, "Run `crmkit --help` for the commands."));
    default: {
      const near = commands.find((c) => c.startsWith(command.slice(0, 3)));
      const what = command.startsWith("-") ? `unknown option ${command}` : `unknown command "${command}"${near ? ` (did you mean ${near}?)` : ""}`;
      return reportUsage(io.stderr, "", new UsageError(what, "Run `crmkit --help` for the commands."));
    }
  }
}
