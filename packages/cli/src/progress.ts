import cliProgress from "cli-progress";
import type { RescheduleProgress } from "crmkit";

/** Where the CLI writes: process.stdout/stderr, or a test's collector. */
export interface Output {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface ProgressReporter {
  update(progress: RescheduleProgress): void;
  stop(): void;
}

/**
 * A cli-progress bar on a terminal; elsewhere (CI logs, pipes, files) one plain line per tenth of the work, so a log
 * shows the run moving without a line per item.
 */
export function progressReporter(stream: Output, label: string, total: number): ProgressReporter {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: stream as NodeJS.WritableStream,
        format: `${label} [{bar}] {value}/{total} | {failed} failed | {duration_formatted}`,
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { failed: 0 });
    return { update: (p) => bar.update(p.done, { failed: p.failed }), stop: () => bar.stop() };
  }
  const step = Math.max(1, Math.ceil(total / 10));
  let shown = 0;
  return {
    update({ done, failed }) {
      if (done === total || Math.floor(done / step) > Math.floor(shown / step)) {
        shown = done;
        stream.write(`${label}: ${done}/${total} done, ${failed} failed\n`);
      }
    },
    stop() {},
  };
}
