import { AbortError } from "./errors.js";

/** Listen for `signal`'s abort; returns the function that stops listening. */
export const onAbort = (signal: AbortSignal | undefined, listener: () => void): (() => void) => {
  signal?.addEventListener("abort", listener);
  return () => signal?.removeEventListener("abort", listener);
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
