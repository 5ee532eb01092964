// @ts-check
// npm as the release checks run it in a scratch consumer folder: quiet, and with no package's install scripts.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * The environment for every npm and node process of the checks. `--ignore-scripts` (below) is what keeps @scarf/scarf's
 * install script (pulled in by Prism) from running; SCARF_ANALYTICS=false would silence it even if it ran.
 */
export const quietEnv = {
  ...process.env,
  SCARF_ANALYTICS: "false",
  DO_NOT_TRACK: "1",
  npm_config_update_notifier: "false",
  npm_config_fund: "false",
  npm_config_audit: "false",
};

/** `npm install` of the package.json in `cwd` (local tarballs pinned there): no scripts, no lockfile, no audit. */
export const npmInstall = (/** @type {string} */ cwd) =>
  run("npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--no-package-lock", "--prefer-offline", "--loglevel=error"], {
    cwd,
    env: quietEnv,
    maxBuffer: 16 * 1024 * 1024,
  });
