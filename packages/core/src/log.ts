import type { CrmkitClientOptions, LogLevel } from "./types.js";

/** Most severe first: a message is logged when its level is at or before the configured one. */
const LOG_LEVELS: readonly LogLevel[] = ["off", "error", "warn", "info", "debug"];

export type Log = (level: Exclude<LogLevel, "off">, message: string) => void;

/** Undefined when logging is off, so that callers skip building their messages. */
export const createLog = (options: CrmkitClientOptions): Log | undefined => {
  const threshold = LOG_LEVELS.indexOf(options.logLevel ?? "off");
  if (threshold <= 0) return undefined;
  return (level, message) => {
    if (LOG_LEVELS.indexOf(level) <= threshold) (options.logger ?? console)[level]("crmkit " + message);
  };
};
