import cliProgress from "cli-progress";
import type { RescheduleProgress } from "crmkit";
import { formatDuration } from "./limits.js";

/** Where the CLI writes: process.stdout/stderr, or a test's collector. */
export interface Output {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface ProgressReporter {
  update(progress: RescheduleProgress): void;
  stop(): void;
}

export interface ProgressOptions {
  /** What bounds the run when a documented limit does ("leadconnector's 100 calls per 10 s"): shown with the ETA. */
  boundBy?: string;
  /** Clock (tests). */
  now?: () => number;
}

const rateOf = (done: number, ms: number) => (ms > 0 ? (done * 1000) / ms : 0);
const formatRate = (rate: number) => `${rate < 10 ? rate.toFixed(1) : Math.round(rate).toLocaleString("en-US")}/s`;

/** "12.5/s, about 4 min left", or "" while there is nothing to go on yet. */
function pace(done: number, total: number, elapsedMs: number, boundBy?: string): string {
  const rate = rateOf(done, elapsedMs);
  if (!done || !rate) return "";
  const left = done < total ? `, about ${formatDuration(((total - done) / rate) * 1000)} left` : `, in ${formatDuration(elapsedMs)}`;
  return `, ${formatRate(rate)}${left}${boundBy && done < total ? ` (bounded by ${boundBy})` : ""}`;
}

/**
 * A cli-progress bar on a terminal; elsewhere (CI logs, pipes, files) one plain line per tenth of the work, so a log
 * shows the run moving without a line per item. Both show the rate and the time left.
 */
export function progressReporter(stream: Output, label: string, total: number, options: ProgressOptions = {}): ProgressReporter {
  const now = options.now ?? Date.now;
  const started = now();
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: stream as NodeJS.WritableStream,
        format: `${label} [{bar}] {value}/{total} | {failed} failed{pace}`,
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { failed: 0, pace: "" });
    return {
      update: (p) => bar.update(p.done, { failed: p.failed, pace: pace(p.done, total, now() - started, options.boundBy).replace(/^,/, " |") }),
      stop: () => bar.stop(),
    };
  }
  const step = Math.max(1, Math.ceil(total / 10));
  let shown = 0;
  return {
    update({ done, failed }) {
      if (done === total || Math.floor(done / step) > Math.floor(shown / step)) {
        shown = done;
        stream.write(`${label}: ${done}/${total} done, ${failed} failed${pace(done, total, now() - started, options.boundBy)}\n`);
      }
    },
    stop() {},
  };
}
