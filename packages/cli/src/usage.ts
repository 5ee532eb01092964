import type { Output } from "./progress.js";

/** A mistake in how the command was called or set up: one line, a hint, exit status 2, nothing sent. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export const USAGE_EXIT = 2;

/** parseArgs' messages are written for programmers: "Unknown option '--nope'. To specify a positional argument …". */
export function usageFromParseArgs(error: unknown): UsageError {
  const e = error as Error & { code?: string };
  if (error instanceof UsageError) return error;
  const option = /'(-[^']*)'/.exec(e.message)?.[1];
  if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option) return new UsageError(`unknown option ${option}`);
  if (e.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option) return new UsageError(`option ${/--[\w-]+/.exec(option)?.[0] ?? option} needs a value`);
  if (e.code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") return new UsageError(`unexpected argument: ${/'([^']*)'/.exec(e.message)?.[1] ?? e.message}`);
  return new UsageError(e.message.split("\n")[0]!);
}

/** Writes `crmkit <command>: <message>` and the hint (by default: where the help is), and returns the exit status. */
export function reportUsage(stderr: Output, command: string, error: UsageError): number {
  const name = command ? `crmkit ${command}` : "crmkit";
  stderr.write(`${name}: ${error.message}\n${error.hint ?? `Run \`${name} --help\` for the options.`}\n`);
  return USAGE_EXIT;
}
