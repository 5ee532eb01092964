/**
 * Deadlines for many attempts on one timer. An attempt costs an entry in a set, not a `setTimeout` and `clearTimeout` of
 * its own (Node creates, links and reference-counts a timer object for each: at the rates an in-memory transport
 * reaches, a few percent of a whole call). The timer is armed for the earliest pending deadline; once nothing is
 * pending, it is cleared after the current turn of the event loop, so that back-to-back calls reuse it and no timer
 * outlives the calls.
 */
/** `expire` is called with `true` when its deadline passes; the function returned stops waiting for it. */
export function createDeadlines(): (ms: number, expire: (expired: true) => void) => () => void {
  const pending = new Set<{ at: number; expire: (expired: true) => void }>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerAt = Infinity;
  let idleCheck: ReturnType<typeof setTimeout> | undefined;

  const arm = (at: number, now: number) => {
    if (at >= timerAt) return;
    clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(expireDue, at - now);
  };

  const expireDue = () => {
    timerAt = Infinity;
    const now = Date.now();
    let next = Infinity;
    for (const entry of pending) {
      if (entry.at > now) next = Math.min(next, entry.at);
      else {
        pending.delete(entry);
        entry.expire(true);
      }
    }
    if (next < Infinity) arm(next, now);
  };

  const clearWhenIdle = () => {
    idleCheck = undefined;
    if (pending.size) return;
    clearTimeout(timer);
    timerAt = Infinity;
  };

  return (ms, expire) => {
    const now = Date.now();
    const entry = { at: now + ms, expire };
    pending.add(entry);
    arm(entry.at, now);
    return () => {
      if (pending.delete(entry) && !pending.size) idleCheck ??= setTimeout(clearWhenIdle, 0);
    };
  };
}
