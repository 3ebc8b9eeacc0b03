/** The callbacks waiting on each caller signal, behind a single listener per signal. */
const waiting = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `onAbort` when `signal` aborts; returns the function that stops waiting. However many calls
 * share one signal (thirty requests under one `AbortController`), the signal gets one listener, so
 * Node never warns `MaxListenersExceededWarning`.
 */
export function whenAborted(signal: AbortSignal, onAbort: () => void): () => void {
  let callbacks = waiting.get(signal);
  if (!callbacks) {
    const set = new Set<() => void>();
    waiting.set(signal, (callbacks = set));
    signal.addEventListener('abort', () => {
      for (const callback of set) callback();
    });
  }
  callbacks.add(onAbort);
  return () => callbacks.delete(onAbort);
}

/**
 * `promise`, or a rejection with the reason of the first of `signals` that aborts, whichever comes
 * first; `cleanup` runs as soon as one of them does.
 */
export function raceAbort<T>(
  promise: Promise<T>,
  signals: readonly AbortSignal[],
  cleanup?: () => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const settle =
      <V>(then: (value: V) => void) =>
      (value: V) => {
        for (const stop of stops) stop();
        cleanup?.();
        then(value);
      };
    const stops = signals.map((signal) =>
      whenAborted(signal, () => {
        settle(reject)(signal.reason);
      }),
    );
    const aborted = abortedOf(signals);
    if (aborted) settle(reject)(aborted.reason);
    promise.then(settle(resolve), settle(reject));
  });
}

/** Resolves after `ms`, or rejects with the abort reason as soon as any signal aborts. */
export function abortableSleep(ms: number, signals: readonly AbortSignal[]): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return raceAbort(new Promise((resolve) => (timer = setTimeout(resolve, ms))), signals, () => {
    clearTimeout(timer);
  });
}

/**
 * The first of `signals` that has aborted. An abort is told by `aborted`, never by its `reason`:
 * `controller.abort(null)` aborts with a `null` reason, and stops a call like any abort.
 */
export function abortedOf(signals: readonly AbortSignal[]): AbortSignal | undefined {
  for (const signal of signals) if (signal.aborted) return signal;
  return undefined;
}
