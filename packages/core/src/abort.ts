import { AbortError } from "./errors.js";

type Watch = Set<() => void> & { fire?: () => void };

/** What waits on each caller signal: crmkit keeps one "abort" listener on a signal while anything waits on it. */
const watches = new WeakMap<AbortSignal, Watch>();

/** A stop function with nothing to stop. */
export const ignore = (): void => {};

/**
 * Call `listener` when `signal` aborts; returns the function that stops listening. However many calls, attempts and
 * limiter waits share one long-lived signal, it carries one crmkit listener while any of them runs, and none after.
 */
export const onAbort = (signal: AbortSignal | undefined, listener: () => void): (() => void) => {
  if (!signal) return ignore;
  let watch = watches.get(signal);
  if (!watch) {
    const listeners: Watch = (watch = new Set());
    listeners.fire = () => listeners.forEach((callback) => callback());
    watches.set(signal, listeners);
    signal.addEventListener("abort", listeners.fire);
  }
  const listeners = watch;
  listeners.add(listener);
  return () => {
    if (listeners.delete(listener) && !listeners.size) {
      watches.delete(signal);
      signal.removeEventListener("abort", listeners.fire!);
    }
  };
};

/** Wait `ms`, or reject with AbortError as soon as `signal` fires; no timer or listener outlives the wait. */
export const sleep = (ms: number, signal: AbortSignal | undefined): Promise<void> =>
  new Promise<void>((resolve, reject) => {
    const abort = () => {
      clearTimeout(timer);
      stopListening();
      reject(new AbortError("Aborted"));
    };
    const stopListening = onAbort(signal, abort);
    const timer = setTimeout(() => {
      stopListening();
      resolve();
    }, ms);
    // an already-aborted signal never fires "abort"
    if (signal?.aborted) abort();
  });
