/**
 * Deadlines for many attempts on one timer. An attempt costs an entry in a list, not a `setTimeout` and `clearTimeout`
 * of its own (Node creates, links and reference-counts a timer object for each: at the rates an in-memory transport
 * reaches, a few percent of a whole call). The timer is armed for the earliest deadline still pending; once nothing is
 * pending, it is cleared after the current turn of the event loop, so that back-to-back calls reuse it and no timer
 * outlives the calls.
 */
export function createDeadlines(): (ms: number, expire: () => void) => () => void {
  /** Pending and finished entries, by ascending deadline from `first` on. */
  let entries: { at: number; expire: (() => void) | undefined }[] = [];
  let first = 0;
  let pending = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerAt = Infinity;
  let idleCheck: ReturnType<typeof setTimeout> | undefined;

  const arm = (at: number, now: number) => {
    if (at >= timerAt) return;
    clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(expireDue, at - now);
  };

  /** Drop finished entries at the front (so the list holds the attempts in flight, not those done). */
  const dropFinished = () => {
    while (first < entries.length && !entries[first]!.expire) first++;
    if (first > 32 && first * 2 > entries.length) {
      entries = entries.slice(first);
      first = 0;
    }
  };

  const expireDue = () => {
    timer = undefined;
    timerAt = Infinity;
    const now = Date.now();
    for (let i = first; i < entries.length && entries[i]!.at <= now; i++) {
      const expire = entries[i]!.expire;
      if (expire) {
        entries[i]!.expire = undefined;
        pending--;
        expire();
      }
    }
    dropFinished();
    if (pending) arm(entries[first]!.at, now);
  };

  const clearWhenIdle = () => {
    idleCheck = undefined;
    if (pending) return;
    clearTimeout(timer);
    timer = undefined;
    timerAt = Infinity;
  };

  return (ms, expire) => {
    const now = Date.now();
    const entry = { at: now + ms, expire: expire as (() => void) | undefined };
    let at = entries.length;
    while (at > first && entries[at - 1]!.at > entry.at) at--;
    if (at == entries.length) entries.push(entry);
    else entries.splice(at, 0, entry);
    pending++;
    arm(entry.at, now);
    return () => {
      if (!entry.expire) return;
      entry.expire = undefined;
      dropFinished();
      if (!--pending) idleCheck ??= setTimeout(clearWhenIdle, 0);
    };
  };
}
