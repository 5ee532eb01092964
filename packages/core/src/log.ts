import type { CrmkitClientOptions, LogLevel } from "./types.js";

/** Most severe first: a message is logged when its level is at or before the configured one. */
const LOG_LEVELS: readonly LogLevel[] = ["off", "error", "warn", "info", "debug"];

export type Log = (level: Exclude<LogLevel, "off">, message: string) => void;

export const createLog = (options: CrmkitClientOptions): Log => {
  const threshold = LOG_LEVELS.indexOf(options.logLevel ?? "off");
  return (level, message) => {
    if (LOG_LEVELS.indexOf(level) <= threshold) (options.logger ?? console)[level]("crmkit " + message);
  };
};
