import { demoCommand } from "./demo.js";
import { type CliIo, rescheduleCommand } from "./reschedule.js";

export type { CliIo };

export const usage = `usage: crmkit <command> [options]

commands:
  reschedule --file moves.csv [--out results.csv] [--dry-run] [--mock]   move appointments listed in a CSV file
  demo [--mock]                                                          a day of scheduling work, against mocks or real APIs

Run \`crmkit <command> --help\` for a command's options and environment variables.
`;

/** The whole CLI, with its input and output injected: returns the exit status. */
export async function main(args: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case "reschedule":
      return rescheduleCommand(rest, io);
    case "demo":
      return demoCommand(rest, io);
    case undefined:
    case "help":
    case "--help":
    case "-h":
      io.stdout.write(usage);
      return command === undefined ? 2 : 0;
    default:
      io.stderr.write(`crmkit: unknown command "${command}"\n\n${usage}`);
      return 2;
  }
}
