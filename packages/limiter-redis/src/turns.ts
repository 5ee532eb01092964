import { raceAbort } from "./waiting.js";

/** Acquires of one process that talk to Redis at once. */
export const ACQUIRERS_PER_PROCESS = 2;

/**
 * At most `width` acquires of this process talk to Redis at once, served FIFO: two, so slots freed together are not
 * taken strictly one round trip after another; not all, because every waiter wakes for every freed slot (with 4
 * instead of 1 per process, the 4-worker test sent Redis about twice the commands for the same throughput).
 */
export class Turns {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(private readonly width: number) {}
  enter(signal: AbortSignal | undefined, closing: AbortSignal): Promise<void> {
    if (this.active < this.width) {
      this.active++;
      return Promise.resolve();
    }
    let resolveTurn!: () => void;
    const turn = new Promise<void>((resolve) => (resolveTurn = resolve));
    this.queue.push(resolveTurn);
    return raceAbort(turn, signal, closing).catch((e: unknown) => {
      const queued = this.queue.indexOf(resolveTurn);
      if (queued >= 0) this.queue.splice(queued, 1);
      else this.leave(); // the turn came with the abort: pass it on
      throw e;
    });
  }
  leave(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.active--;
  }
}
